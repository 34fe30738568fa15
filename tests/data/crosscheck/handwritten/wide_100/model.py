# 100-bit load/rotate-right register and a combinational mix with swapped data halves.
MASK = (1 << 100) - 1


def swap_halves(value):
    return ((value & ((1 << 50) - 1)) << 50) | (value >> 50)


class TopModule:
    def __init__(self):
        self.q = 0

    def outputs(self, inputs):
        return {"q": self.q, "mix": self.q ^ swap_halves(inputs["data"])}

    def eval(self, inputs):
        if inputs["load"]:
            self.q = inputs["data"]
        else:
            self.q = ((self.q >> 1) | ((self.q & 1) << 99)) & MASK
        return self.outputs(inputs)
