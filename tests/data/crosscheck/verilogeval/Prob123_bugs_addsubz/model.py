# Reference model for VerilogEval v2 Prob123_bugs_addsubz: an 8-bit adder /
# subtractor with a zero flag (combinational; results wrap modulo 256).


class TopModule:
    def __init__(self):
        pass

    def eval(self, inputs):
        a, b = inputs["a"], inputs["b"]
        result = (a - b if inputs["do_sub"] else a + b) & 0xFF
        return {"out": result, "result_is_zero": int(result == 0)}

    def outputs(self, inputs):
        return self.eval(inputs)
