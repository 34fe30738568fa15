# Returns the unmasked 5-bit sum on the 4-bit port, and a huge integer on the carry.
class TopModule:
    def eval(self, inputs):
        total = inputs["a"] + inputs["b"] + 16
        return {"sum": total, "carry": 1 << 4000}
