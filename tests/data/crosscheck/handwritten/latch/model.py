# q follows a while en is set and keeps its last value otherwise (0 at the start).
class TopModule:
    def __init__(self):
        self.q = 0

    def eval(self, inputs):
        if inputs["en"]:
            self.q = inputs["a"]
        return {"q": self.q}
