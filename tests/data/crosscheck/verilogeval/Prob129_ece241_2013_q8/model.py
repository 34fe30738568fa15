# Reference model for VerilogEval v2 Prob129_ece241_2013_q8: a three-state Mealy
# machine detecting overlapping "101" on x, with an active-low async reset.
# z depends on the current x, so it only shows in the pre-edge sample.

IDLE = 0  # nothing useful seen
SEEN_1 = 1  # last bit was 1
SEEN_10 = 2  # last bits were 1, 0


class TopModule:
    def __init__(self):
        self.state = IDLE

    def outputs(self, inputs):
        state = IDLE if not inputs["aresetn"] else self.state
        return {"z": int(state == SEEN_10 and inputs["x"] == 1)}

    def eval(self, inputs):
        if not inputs["aresetn"]:
            self.state = IDLE
        elif inputs["x"]:
            self.state = SEEN_1
        elif self.state == SEEN_1:
            self.state = SEEN_10
        else:
            self.state = IDLE
        # After the edge the state has moved on; z is recomputed from it and
        # the still-applied x.
        return {"z": int(self.state == SEEN_10 and inputs["x"] == 1)}
