# Reference model for Prob017_traffic_light: a Moore traffic-light controller
# (main green until a car waits and green has lasted 4 cycles, then yellow 2,
# side green 3, side yellow 2) with an active-high asynchronous reset.

RED, YELLOW, GREEN = 0, 1, 2
MAIN_GREEN, MAIN_YELLOW, SIDE_GREEN, SIDE_YELLOW = range(4)
# Cycles each timed phase lasts before moving to the next phase.
DURATION = {MAIN_YELLOW: 2, SIDE_GREEN: 3, SIDE_YELLOW: 2}
NEXT = {MAIN_YELLOW: SIDE_GREEN, SIDE_GREEN: SIDE_YELLOW, SIDE_YELLOW: MAIN_GREEN}
MIN_GREEN = 4


class TopModule:
    def __init__(self):
        self.phase = MAIN_GREEN
        self.elapsed = 0  # edges spent in the phase, saturating at 3 in MAIN_GREEN

    @staticmethod
    def _lights(phase):
        main = {MAIN_GREEN: GREEN, MAIN_YELLOW: YELLOW}.get(phase, RED)
        side = {SIDE_GREEN: GREEN, SIDE_YELLOW: YELLOW}.get(phase, RED)
        return {"main_light": main, "side_light": side}

    def outputs(self, inputs):
        return self._lights(MAIN_GREEN if inputs["areset"] else self.phase)

    def eval(self, inputs):
        if inputs["areset"]:
            self.phase, self.elapsed = MAIN_GREEN, 0
        elif self.phase == MAIN_GREEN:
            if inputs["car"] and self.elapsed == MIN_GREEN - 1:
                self.phase, self.elapsed = MAIN_YELLOW, 0
            else:
                self.elapsed = min(self.elapsed + 1, MIN_GREEN - 1)
        elif self.elapsed == DURATION[self.phase] - 1:
            self.phase, self.elapsed = NEXT[self.phase], 0
        else:
            self.elapsed += 1
        return self._lights(self.phase)
