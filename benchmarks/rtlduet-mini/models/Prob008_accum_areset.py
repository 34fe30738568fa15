# Reference model for Prob008_accum_areset: a 12-bit wrapping accumulator with
# enable, a sticky overflow flag and an active-high asynchronous reset.


class TopModule:
    def __init__(self):
        self.acc = 0
        self.ovf = 0

    def outputs(self, inputs):
        if inputs["areset"]:
            return {"acc": 0, "ovf": 0}
        return {"acc": self.acc, "ovf": self.ovf}

    def eval(self, inputs):
        if inputs["areset"]:
            self.acc, self.ovf = 0, 0
        elif inputs["en"]:
            total = self.acc + inputs["din"]
            self.acc = total & 0xFFF
            self.ovf |= total >> 12
        return {"acc": self.acc, "ovf": self.ovf}
