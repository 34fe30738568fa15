# Returns the sum as a hex string.
class TopModule:
    def eval(self, inputs):
        total = inputs["a"] + inputs["b"]
        return {"sum": hex(total & 0xF), "carry": total >> 4}
