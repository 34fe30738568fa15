# The valid model every hostile design is paired with: a 4-bit adder with carry out.
class TopModule:
    def eval(self, inputs):
        total = inputs["a"] + inputs["b"]
        return {"sum": total & 0xF, "carry": total >> 4}
