# __init__ raises.
class TopModule:
    def __init__(self):
        raise RuntimeError("cannot build the model")

    def eval(self, inputs):
        return {"sum": 0, "carry": 0}
