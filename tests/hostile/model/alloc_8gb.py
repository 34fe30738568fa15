# Allocates 8 GB and touches every page.
class TopModule:
    def __init__(self):
        self.hoard = bytearray(8 << 30)
        for offset in range(0, len(self.hoard), 4096):
            self.hoard[offset] = 1

    def eval(self, inputs):
        total = inputs["a"] + inputs["b"]
        return {"sum": total & 0xF, "carry": total >> 4}
