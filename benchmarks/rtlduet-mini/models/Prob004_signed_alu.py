# Reference model for Prob004_signed_alu: a 16-bit signed ALU (add, sub, set
# less than, arithmetic shift, high product half, min, max, abs) with flags.

MASK = 0xFFFF


def to_signed(value):
    return value - 0x10000 if value & 0x8000 else value


class TopModule:
    def __init__(self):
        pass

    def eval(self, inputs):
        op = inputs["op"]
        a = to_signed(inputs["a"])
        b = to_signed(inputs["b"])
        if op == 0:
            y = a + b
        elif op == 1:
            y = a - b
        elif op == 2:
            y = int(a < b)
        elif op == 3:
            y = a >> (inputs["b"] & 0xF)  # Python's >> on ints is arithmetic
        elif op == 4:
            y = (a * b) >> 16
        elif op == 5:
            y = min(a, b)
        elif op == 6:
            y = max(a, b)
        else:
            y = abs(a)  # abs(-32768) wraps back to 0x8000 below
        y &= MASK
        return {"y": y, "zero": int(y == 0), "neg": y >> 15}

    def outputs(self, inputs):
        return self.eval(inputs)
