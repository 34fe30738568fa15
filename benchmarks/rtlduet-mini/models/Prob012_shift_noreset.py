# Reference model for Prob012_shift_noreset: an 8-bit shift register (shift in
# at bit 0) with parallel load and no reset. The RTL holds unknown bits until
# they are loaded or shifted out; this model starts from zero.


class TopModule:
    def __init__(self):
        self.q = 0

    def _view(self):
        return {"q": self.q, "sout": self.q >> 7}

    def outputs(self, inputs):
        return self._view()

    def eval(self, inputs):
        if inputs["load"]:
            self.q = inputs["pdata"]
        elif inputs["shift_en"]:
            self.q = ((self.q << 1) | inputs["sin"]) & 0xFF
        return self._view()
