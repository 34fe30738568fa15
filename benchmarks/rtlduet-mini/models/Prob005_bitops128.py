# Reference model for Prob005_bitops128: pass, bit reverse, byte reverse or
# rotate left by 8 of a 128-bit word, plus its parity (combinational).

WIDTH = 128
MASK = (1 << WIDTH) - 1


class TopModule:
    def __init__(self):
        pass

    def eval(self, inputs):
        word = inputs["in"]
        mode = inputs["mode"]
        if mode == 0:
            out = word
        elif mode == 1:
            out = int(format(word, "0128b")[::-1], 2)
        elif mode == 2:
            out = int.from_bytes(word.to_bytes(16, "big"), "little")
        else:
            out = ((word << 8) | (word >> (WIDTH - 8))) & MASK
        return {"out": out, "parity": bin(word).count("1") & 1}

    def outputs(self, inputs):
        return self.eval(inputs)
