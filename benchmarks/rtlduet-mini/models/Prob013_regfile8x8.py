# Reference model for Prob013_regfile8x8: eight 8-bit registers, one write
# port, two combinational read ports, register 0 reads as zero, active-low
# synchronous reset.


class TopModule:
    def __init__(self):
        self.regs = [0] * 8

    def _view(self, inputs):
        return {
            "rdata_a": self.regs[inputs["raddr_a"]],
            "rdata_b": self.regs[inputs["raddr_b"]],
        }

    def outputs(self, inputs):
        return self._view(inputs)

    def eval(self, inputs):
        if not inputs["resetn"]:
            self.regs = [0] * 8
        elif inputs["we"] and inputs["waddr"] != 0:
            self.regs[inputs["waddr"]] = inputs["wdata"]
        return self._view(inputs)
