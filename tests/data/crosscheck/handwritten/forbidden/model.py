# A model for the pass-through designs (never run: the RTL is refused first).
class TopModule:
    def eval(self, inputs):
        return {"y": inputs.get("a", 0) & 1}
