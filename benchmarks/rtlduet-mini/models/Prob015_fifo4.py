# Reference model for Prob015_fifo4: a 4-entry 8-bit FIFO with synchronous
# reset; dout shows the oldest entry (0 when empty).

DEPTH = 4


class TopModule:
    def __init__(self):
        self.items = []

    def _view(self):
        return {
            "dout": self.items[0] if self.items else 0,
            "empty": int(not self.items),
            "full": int(len(self.items) == DEPTH),
            "count": len(self.items),
        }

    def outputs(self, inputs):
        return self._view()

    def eval(self, inputs):
        if inputs["reset"]:
            self.items = []
            return self._view()
        # Both decisions use the occupancy before this edge.
        do_pop = inputs["pop"] and len(self.items) > 0
        do_push = inputs["push"] and len(self.items) < DEPTH
        if do_pop:
            self.items.pop(0)
        if do_push:
            self.items.append(inputs["din"])
        return self._view()
