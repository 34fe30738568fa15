# The right behaviour under the wrong class name.
class Adder:
    def eval(self, inputs):
        total = inputs["a"] + inputs["b"]
        return {"sum": total & 0xF, "carry": total >> 4}
