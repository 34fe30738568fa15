# The count is reset; the parity of every d seen so far is not (it starts at 0).
class TopModule:
    def __init__(self):
        self.count = 0
        self.parity = 0

    def outputs(self, inputs):
        return {"count": self.count, "parity": self.parity}

    def eval(self, inputs):
        self.count = 0 if inputs["reset"] else (self.count + 1) & 7
        self.parity ^= inputs["d"]
        return {"count": self.count, "parity": self.parity}
