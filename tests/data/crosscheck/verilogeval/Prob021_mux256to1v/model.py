# Reference model for VerilogEval v2 Prob021_mux256to1v: a 4-bit wide 256-to-1
# multiplexer over a packed 1024-bit input (combinational).


class TopModule:
    def __init__(self):
        pass

    def eval(self, inputs):
        nibble = (inputs["in"] >> (4 * inputs["sel"])) & 0xF
        return {"out": nibble}

    def outputs(self, inputs):
        return self.eval(inputs)
