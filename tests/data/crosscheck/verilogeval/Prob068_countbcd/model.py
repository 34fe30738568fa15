# Reference model for VerilogEval v2 Prob068_countbcd: a four-digit BCD counter
# with a synchronous reset; ena[3:1] flags the digits that advance next edge.


class TopModule:
    def __init__(self):
        self.digits = [0, 0, 0, 0]  # least significant digit first

    def _enables(self):
        # Digit i advances when every lower digit is about to wrap from 9.
        enables = [True]
        for i in range(1, 4):
            enables.append(enables[i - 1] and self.digits[i - 1] == 9)
        return enables

    def _view(self):
        enables = self._enables()
        q = sum(d << (4 * i) for i, d in enumerate(self.digits))
        ena = sum(int(enables[i]) << (i - 1) for i in range(1, 4))
        return {"ena": ena, "q": q}

    def outputs(self, inputs):
        return self._view()

    def eval(self, inputs):
        enables = self._enables()
        for i in range(4):
            if inputs["reset"] or (enables[i] and self.digits[i] == 9):
                self.digits[i] = 0
            elif enables[i]:
                self.digits[i] += 1
        return self._view()
