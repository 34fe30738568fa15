# Reference model for VerilogEval v2 Prob085_shift4: a 4-bit right shift
# register with asynchronous reset, synchronous load (priority) and enable.


class TopModule:
    def __init__(self):
        self.q = 0

    def outputs(self, inputs):
        return {"q": 0 if inputs["areset"] else self.q}

    def eval(self, inputs):
        if inputs["areset"]:
            self.q = 0
        elif inputs["load"]:
            self.q = inputs["data"]
        elif inputs["ena"]:
            self.q >>= 1
        return {"q": self.q}
