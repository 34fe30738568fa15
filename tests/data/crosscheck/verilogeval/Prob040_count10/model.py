# Reference model for VerilogEval v2 Prob040_count10: a decade counter (0..9)
# with an active-high synchronous reset.


class TopModule:
    def __init__(self):
        self.q = 0

    def outputs(self, inputs):
        # The synchronous reset only acts at the edge, so the count shows as is.
        return {"q": self.q}

    def eval(self, inputs):
        if inputs["reset"] or self.q == 9:
            self.q = 0
        else:
            self.q += 1
        return {"q": self.q}
