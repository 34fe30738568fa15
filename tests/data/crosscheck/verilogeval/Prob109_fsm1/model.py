# Reference model for VerilogEval v2 Prob109_fsm1: a two-state Moore machine
# (A outputs 0, B outputs 1) with an asynchronous reset into B.

STATE_A = 0
STATE_B = 1


class TopModule:
    def __init__(self):
        self.state = STATE_B

    def outputs(self, inputs):
        state = STATE_B if inputs["areset"] else self.state
        return {"out": int(state == STATE_B)}

    def eval(self, inputs):
        if inputs["areset"]:
            self.state = STATE_B
        elif not inputs["in"]:
            # in=1 keeps the state, in=0 moves to the other one.
            self.state = STATE_A if self.state == STATE_B else STATE_B
        return {"out": int(self.state == STATE_B)}
