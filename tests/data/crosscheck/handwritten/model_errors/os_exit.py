# eval() leaves the process at once at row 2.
import os


class TopModule:
    def __init__(self):
        self.calls = 0

    def eval(self, inputs):
        self.calls += 1
        if self.calls == 3:
            os._exit(0)
        total = inputs["a"] + inputs["b"]
        return {"sum": total & 0xF, "carry": total >> 4}
