# Reference model for Prob016_debounce: stable follows btn once btn has
# differed from it at four rising edges in a row; press pulses on 0 -> 1.

EDGES_NEEDED = 4


class TopModule:
    def __init__(self):
        self.stable = 0
        self.press = 0
        self.differing = 0  # consecutive edges where btn differed from stable

    def _view(self):
        return {"stable": self.stable, "press": self.press}

    def outputs(self, inputs):
        return self._view()

    def eval(self, inputs):
        btn = inputs["btn"]
        self.press = 0
        if inputs["reset"]:
            self.stable = 0
            self.differing = 0
        elif btn == self.stable:
            self.differing = 0
        elif self.differing == EDGES_NEEDED - 1:
            self.stable = btn
            self.press = btn
            self.differing = 0
        else:
            self.differing += 1
        return self._view()
