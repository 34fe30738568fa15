# eval() forgets to mask the sum to 4 bits.
class TopModule:
    def eval(self, inputs):
        total = inputs["a"] + inputs["b"] + 16
        return {"sum": total, "carry": 0}
