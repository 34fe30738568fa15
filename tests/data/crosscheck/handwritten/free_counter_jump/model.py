# Free-running 8-bit counter starting at 0.
class TopModule:
    def __init__(self):
        self.count = 0

    def outputs(self, inputs):
        return {"count": self.count}

    def eval(self, inputs):
        self.count = (self.count + 1) & 0xFF
        return {"count": self.count}
