# Reference model for Prob001_majority_parity: majority of a, b, c; parity of
# a, b, c, d; and whether all four inputs are equal (combinational).


class TopModule:
    def __init__(self):
        pass

    def eval(self, inputs):
        a, b, c, d = inputs["a"], inputs["b"], inputs["c"], inputs["d"]
        return {
            "maj": int(a + b + c >= 2),
            "par": a ^ b ^ c ^ d,
            "all_eq": int(a == b == c == d),
        }

    def outputs(self, inputs):
        return self.eval(inputs)
