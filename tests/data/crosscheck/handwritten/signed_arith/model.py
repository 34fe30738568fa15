# Signed 8-bit arithmetic; ports carry two's-complement bit patterns as unsigned ints.
def signed(value, width):
    return value - (1 << width) if value >> (width - 1) else value


def unsigned(value, width):
    return value & ((1 << width) - 1)


class TopModule:
    def eval(self, inputs):
        a, b = signed(inputs["a"], 8), signed(inputs["b"], 8)
        return {
            "sum": unsigned(a + b, 9),
            "diff": unsigned(a - b, 9),
            "less": int(a < b),
            "half": unsigned(a >> 1, 8),
        }
