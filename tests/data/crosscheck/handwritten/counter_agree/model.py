# Reference model of counter_agree/rtl.sv: 4-bit counter with enable and sync reset.
class TopModule:
    def __init__(self):
        self.q = 0

    def outputs(self, inputs):
        return {"q": self.q, "wrap": int(self.q == 15 and inputs["en"] == 1)}

    def eval(self, inputs):
        if inputs["reset"]:
            self.q = 0
        elif inputs["en"]:
            self.q = (self.q + 1) & 0xF
        return {"q": self.q, "wrap": int(self.q == 15 and inputs["en"] == 1)}
