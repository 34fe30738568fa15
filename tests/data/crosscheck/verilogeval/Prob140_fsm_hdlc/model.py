# Reference model for VerilogEval v2 Prob140_fsm_hdlc: HDLC-style bit-stream
# decoder (0111110 -> disc, 01111110 -> flag, seven ones -> err), sync reset.


class TopModule:
    def __init__(self):
        self.ones = 0  # consecutive ones seen after a zero, 0..6
        self.event = None  # "disc", "flag" or "err" while that state is held

    def _view(self):
        return {
            "disc": int(self.event == "disc"),
            "flag": int(self.event == "flag"),
            "err": int(self.event == "err"),
        }

    def outputs(self, inputs):
        return self._view()

    def _step(self, bit):
        if self.event == "err":
            # Stay in the error state while ones keep coming; a zero leaves it.
            if not bit:
                self.event = None
                self.ones = 0
            return
        if self.event is not None:
            # After disc or flag a new run starts; the zero that ended it counts.
            self.event = None
            self.ones = 1 if bit else 0
            return
        if bit:
            if self.ones == 6:
                self.event = "err"
            else:
                self.ones += 1
        elif self.ones == 5:
            self.event = "disc"
        elif self.ones == 6:
            self.event = "flag"
        else:
            self.ones = 0

    def eval(self, inputs):
        if inputs["reset"]:
            self.ones = 0
            self.event = None
        else:
            self._step(inputs["in"])
        return self._view()
