# The counter is reset; the sample register (not reset) starts at 0 and takes d when the
# counter is 63.
class TopModule:
    def __init__(self):
        self.count = 0
        self.sample = 0

    def outputs(self, inputs):
        return {"count": self.count, "sample": self.sample}

    def eval(self, inputs):
        if self.count == 63:
            self.sample = inputs["d"]
        self.count = 0 if inputs["reset"] else (self.count + 1) & 63
        return {"count": self.count, "sample": self.sample}
