# Two ones in a row: z is 1 while the last two inputs were ones.
class TopModule:
    def __init__(self):
        self.ones = 0

    def outputs(self, inputs):
        return {"z": int(self.ones >= 2)}

    def eval(self, inputs):
        if inputs["reset"]:
            self.ones = 0
        else:
            self.ones = min(self.ones + 1, 2) if inputs["x"] else 0
        return {"z": int(self.ones >= 2)}
