# Reference model for VerilogEval v2 Prob030_popcount255: counts the ones in a
# 255-bit input vector (combinational).


class TopModule:
    def __init__(self):
        pass

    def eval(self, inputs):
        return {"out": bin(inputs["in"]).count("1")}

    def outputs(self, inputs):
        return self.eval(inputs)
