class TopModule:
    def __init__(self, WIDTH=8, STAGES=3):
        self.mask = (1 << WIDTH) - 1
        self.stages = [0] * STAGES

    def outputs(self, inputs):
        q = self.stages[-1]
        return {"q": q, "odd": bin(q).count("1") & 1}

    def eval(self, inputs):
        if inputs["reset"]:
            self.stages = [0] * len(self.stages)
        else:
            self.stages = [inputs["d"] & self.mask] + self.stages[:-1]
        return self.outputs(inputs)
