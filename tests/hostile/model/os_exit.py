# Leaves through os._exit(0) on the sixth row: no Python cleanup, no error line.
import os


class TopModule:
    def __init__(self):
        self.rows = 0

    def eval(self, inputs):
        self.rows += 1
        if self.rows == 6:
            os._exit(0)
        total = inputs["a"] + inputs["b"]
        return {"sum": total & 0xF, "carry": total >> 4}
