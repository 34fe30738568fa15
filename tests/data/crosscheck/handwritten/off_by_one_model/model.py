# A wrong model of the decade counter: it wraps after 10 instead of after 9.
class TopModule:
    def __init__(self):
        self.q = 0

    def outputs(self, inputs):
        return {"q": self.q}

    def eval(self, inputs):
        if inputs["reset"]:
            self.q = 0
        elif inputs["en"]:
            self.q = 0 if self.q == 10 else self.q + 1
        return {"q": self.q}
