# Reference model for Prob014_param_sat_counter with its default parameters
# (WIDTH 3, MAX 5): a saturating up/down counter with synchronous reset.

MAX = 5


class TopModule:
    def __init__(self):
        self.value = 0

    def _view(self):
        return {"value": self.value, "at_max": int(self.value == MAX), "at_min": int(self.value == 0)}

    def outputs(self, inputs):
        return self._view()

    def eval(self, inputs):
        inc, dec = inputs["inc"], inputs["dec"]
        if inputs["reset"]:
            self.value = 0
        elif inc and not dec and self.value < MAX:
            self.value += 1
        elif dec and not inc and self.value > 0:
            self.value -= 1
        return self._view()
