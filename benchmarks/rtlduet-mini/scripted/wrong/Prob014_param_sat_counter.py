# Scripted wrong model for Prob014_param_sat_counter: like the scripted Verilog, it lets inc
# win when inc and dec are both 1, so both agree on the same misreading of the spec.

MAX = 5


class TopModule:
    def __init__(self):
        self.value = 0

    def _view(self):
        return {"value": self.value, "at_max": int(self.value == MAX), "at_min": int(self.value == 0)}

    def outputs(self, inputs):
        return self._view()

    def eval(self, inputs):
        if inputs["reset"]:
            self.value = 0
        elif inputs["inc"] and self.value < MAX:
            self.value += 1
        elif inputs["dec"] and not inputs["inc"] and self.value > 0:
            self.value -= 1
        return self._view()
