# Reference model for Prob003_sat_add_s8: signed 8-bit addition that clamps to
# -128..127 and flags when it clamped (combinational).


def to_signed(value, width):
    return value - (1 << width) if value >> (width - 1) else value


class TopModule:
    def __init__(self):
        pass

    def eval(self, inputs):
        total = to_signed(inputs["a"], 8) + to_signed(inputs["b"], 8)
        clamped = max(-128, min(127, total))
        return {"sum": clamped & 0xFF, "sat": int(clamped != total)}

    def outputs(self, inputs):
        return self.eval(inputs)
