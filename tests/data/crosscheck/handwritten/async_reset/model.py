# 8-bit register, asynchronous active-high reset to 0x5a: the reset shows before the edge.
class TopModule:
    def __init__(self):
        self.q = 0x5A

    def outputs(self, inputs):
        if inputs["areset"]:
            return {"q": 0x5A}
        return {"q": self.q}

    def eval(self, inputs):
        self.q = 0x5A if inputs["areset"] else inputs["d"]
        return {"q": self.q}
