# eval() returns a negative value.
class TopModule:
    def eval(self, inputs):
        return {"sum": inputs["a"] - inputs["b"] - 16, "carry": 0}
