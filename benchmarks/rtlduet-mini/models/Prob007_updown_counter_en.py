# Reference model for Prob007_updown_counter_en: an 8-bit up/down counter with
# enable and synchronous reset; tc flags the step that wraps around.


class TopModule:
    def __init__(self):
        self.count = 0

    def _view(self, inputs):
        limit = 0xFF if inputs["up"] else 0x00
        return {"count": self.count, "tc": int(bool(inputs["en"]) and self.count == limit)}

    def outputs(self, inputs):
        return self._view(inputs)

    def eval(self, inputs):
        if inputs["reset"]:
            self.count = 0
        elif inputs["en"]:
            self.count = (self.count + (1 if inputs["up"] else -1)) & 0xFF
        # tc is combinational: after the edge it reflects the new count and the
        # inputs still applied.
        return self._view(inputs)
