# Reference model for VerilogEval v2 Prob073_dff16e: sixteen D flip-flops with
# per-byte write enables and an active-low synchronous reset.


class TopModule:
    def __init__(self):
        self.q = 0

    def outputs(self, inputs):
        return {"q": self.q}

    def eval(self, inputs):
        if not inputs["resetn"]:
            self.q = 0
        else:
            mask = 0
            if inputs["byteena"] & 1:
                mask |= 0x00FF
            if inputs["byteena"] & 2:
                mask |= 0xFF00
            self.q = (self.q & ~mask & 0xFFFF) | (inputs["d"] & mask)
        return {"q": self.q}
