# Writes far more than the output limit to stderr before answering.
import os


class TopModule:
    def __init__(self):
        block = b"flood " * 10922 + b"\n"
        for _ in range(2000):
            os.write(2, block)

    def eval(self, inputs):
        total = inputs["a"] + inputs["b"]
        return {"sum": total & 0xF, "carry": total >> 4}
