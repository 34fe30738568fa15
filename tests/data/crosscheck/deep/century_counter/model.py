# Enabled cycles modulo 100; wrap is 1 while ena is set at 99 (the wrap), before the edge.
class TopModule:
    def __init__(self):
        self.count = 0

    def outputs(self, inputs):
        return {"count": self.count, "wrap": int(bool(inputs["ena"]) and self.count == 99)}

    def eval(self, inputs):
        if inputs["reset"]:
            self.count = 0
        elif inputs["ena"]:
            self.count = 0 if self.count == 99 else self.count + 1
        return {"count": self.count, "wrap": int(bool(inputs["ena"]) and self.count == 99)}
