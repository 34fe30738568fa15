# Reference model for Prob009_gray_counter_rstn: a 4-bit Gray-code counter with
# enable and an active-low asynchronous reset; last marks the final code.


class TopModule:
    def __init__(self):
        self.count = 0  # binary position in the sequence

    @staticmethod
    def _view(count):
        return {"gray": count ^ (count >> 1), "last": int(count == 15)}

    def outputs(self, inputs):
        return self._view(0 if not inputs["rst_n"] else self.count)

    def eval(self, inputs):
        if not inputs["rst_n"]:
            self.count = 0
        elif inputs["en"]:
            self.count = (self.count + 1) & 0xF
        return self._view(self.count)
