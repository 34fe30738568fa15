# Reference model for VerilogEval v2 Prob105_rotate100: a 100-bit rotator with
# synchronous load and a 2-bit direction enable. The RTL has no reset (q is
# unknown until the first load); this model starts from zero.

WIDTH = 100
MASK = (1 << WIDTH) - 1


class TopModule:
    def __init__(self):
        self.q = 0

    def outputs(self, inputs):
        return {"q": self.q}

    def eval(self, inputs):
        q = self.q
        if inputs["load"]:
            q = inputs["data"]
        elif inputs["ena"] == 1:  # rotate right: bit 0 wraps to bit 99
            q = (q >> 1) | ((q & 1) << (WIDTH - 1))
        elif inputs["ena"] == 2:  # rotate left: bit 99 wraps to bit 0
            q = ((q << 1) & MASK) | (q >> (WIDTH - 1))
        self.q = q
        return {"q": q}
