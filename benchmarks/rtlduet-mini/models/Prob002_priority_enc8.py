# Reference model for Prob002_priority_enc8: index of the highest set request
# bit, with valid telling whether any bit is set (combinational).


class TopModule:
    def __init__(self):
        pass

    def eval(self, inputs):
        req = inputs["req"]
        if req == 0:
            return {"idx": 0, "valid": 0}
        return {"idx": req.bit_length() - 1, "valid": 1}

    def outputs(self, inputs):
        return self.eval(inputs)
