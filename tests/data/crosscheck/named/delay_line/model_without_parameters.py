class TopModule:
    def __init__(self):
        self.stages = [0, 0, 0]

    def eval(self, inputs):
        self.stages = [0 if inputs["reset"] else inputs["d"]] + self.stages[:-1]
        q = self.stages[-1]
        return {"q": q, "odd": bin(q).count("1") & 1}
