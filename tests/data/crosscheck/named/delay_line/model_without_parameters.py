class TopModule:
    def __init__(self):
        self.stages = [0, 0, 0]

    def eval(self, inputs):
        if inputs["reset"]:
            self.stages = [0, 0, 0]
        else:
            self.stages = [inputs["d"]] + self.stages[:-1]
        q = self.stages[-1]
        return {"q": q, "odd": bin(q).count("1") & 1}
