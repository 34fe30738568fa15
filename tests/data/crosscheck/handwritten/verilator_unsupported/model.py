# A 4-bit shift register, d enters at bit 0; areset clears it before the edge.
class TopModule:
    def __init__(self):
        self.q = 0

    def outputs(self, inputs):
        if inputs["areset"]:
            self.q = 0
        return {"q": self.q}

    def eval(self, inputs):
        if inputs["areset"]:
            self.q = 0
        else:
            self.q = ((self.q << 1) | inputs["d"]) & 0xF
        return {"q": self.q}
