# 3-bit Gray-code counter, active-low synchronous reset.
class TopModule:
    def __init__(self):
        self.bin = 0

    def outputs(self, inputs):
        return {"gray": self.bin ^ (self.bin >> 1)}

    def eval(self, inputs):
        self.bin = 0 if inputs["resetn"] == 0 else (self.bin + 1) & 7
        return self.outputs(inputs)
