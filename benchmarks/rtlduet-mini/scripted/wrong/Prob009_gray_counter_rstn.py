# Scripted wrong model for Prob009_gray_counter_rstn (every turn): it treats rst_n as a
# synchronous reset, so before the edge it still shows the old code while rst_n is 0. The
# Verilog is right: the run never agrees, yet the official testbench passes the design.


class TopModule:
    def __init__(self):
        self.count = 0

    @staticmethod
    def _view(count):
        return {"gray": count ^ (count >> 1), "last": int(count == 15)}

    def outputs(self, inputs):
        return self._view(self.count)

    def eval(self, inputs):
        if not inputs["rst_n"]:
            self.count = 0
        elif inputs["en"]:
            self.count = (self.count + 1) & 0xF
        return self._view(self.count)
