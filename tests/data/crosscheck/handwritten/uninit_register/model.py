# The intended design: both registers cleared by the reset.
class TopModule:
    def __init__(self):
        self.count = 0
        self.acc = 0

    def outputs(self, inputs):
        return {"count": self.count, "acc": self.acc}

    def eval(self, inputs):
        if inputs["reset"]:
            self.count = 0
            self.acc = 0
        else:
            self.count = (self.count + 1) & 0xF
            self.acc = (self.acc + inputs["d"]) & 0xF
        return {"count": self.count, "acc": self.acc}
