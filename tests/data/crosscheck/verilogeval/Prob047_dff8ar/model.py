# Reference model for VerilogEval v2 Prob047_dff8ar: eight D flip-flops with
# an active-high asynchronous reset to zero.


class TopModule:
    def __init__(self):
        self.q = 0

    def outputs(self, inputs):
        # The reset is asynchronous: it clears q as soon as it is asserted.
        if inputs["areset"]:
            return {"q": 0}
        return {"q": self.q}

    def eval(self, inputs):
        self.q = 0 if inputs["areset"] else inputs["d"]
        return {"q": self.q}
