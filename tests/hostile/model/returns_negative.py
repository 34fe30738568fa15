# Returns a signed difference instead of an unsigned sum.
class TopModule:
    def eval(self, inputs):
        return {"sum": inputs["a"] - inputs["b"] - 16, "carry": 0}
