# Scripted wrong model for Prob008_accum_areset: it names a constant it never defines, so it
# fails on the first enabled cycle and the flow asks for a repair (matched on that name).


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
            self.acc = total & ACC_WRAP_MASK
            self.ovf |= total >> 12
        return {"acc": self.acc, "ovf": self.ovf}
