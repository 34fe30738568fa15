# Reference model for Prob010_moore_1101: a Moore detector of overlapping
# "1101" on a serial input, with synchronous reset; found follows the state.

PATTERN = "1101"


class TopModule:
    def __init__(self):
        self.matched = 0  # length of the longest pattern prefix ending here

    def _advance(self, bit):
        seen = PATTERN[: self.matched] + str(bit)
        # Keep the longest suffix of what was seen that is a prefix of PATTERN.
        for length in range(min(len(seen), len(PATTERN)), -1, -1):
            if seen.endswith(PATTERN[:length]) or length == 0:
                self.matched = length
                return

    def outputs(self, inputs):
        return {"found": int(self.matched == len(PATTERN))}

    def eval(self, inputs):
        if inputs["reset"]:
            self.matched = 0
        else:
            self._advance(inputs["in"])
        return {"found": int(self.matched == len(PATTERN))}
