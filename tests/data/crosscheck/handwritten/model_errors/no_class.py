# No TopModule class.
class Adder:
    def eval(self, inputs):
        return {"sum": 0, "carry": 0}
