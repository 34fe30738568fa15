# Reference model for Prob006_add96: a 96-bit adder with carry in and carry
# out, plus an equality flag of the operands (combinational).

MASK = (1 << 96) - 1


class TopModule:
    def __init__(self):
        pass

    def eval(self, inputs):
        total = inputs["a"] + inputs["b"] + inputs["cin"]
        return {
            "sum": total & MASK,
            "cout": total >> 96,
            "eq": int(inputs["a"] == inputs["b"]),
        }

    def outputs(self, inputs):
        return self.eval(inputs)
