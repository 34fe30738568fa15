// support/counter_replies.h: scripted LLM replies for benchmarks/examples/counter/spec.txt
// (a 4-bit counter with a synchronous reset and an enable), shared by the tests of `run`.
#pragma once

namespace rtlduet::testing {

// A design that meets the spec, in a ```verilog block.
inline constexpr const char* kCounterRight = R"(```verilog
module TopModule (input clk, input reset, input enable, output reg [3:0] count);
  always @(posedge clk) begin
    if (reset) count <= 4'd0;
    else if (enable) count <= count + 4'd1;
  end
endmodule
```)";

// A model that meets the spec (with outputs(), so pre-edge values are compared too).
inline constexpr const char* kCounterModel = R"(```python
class TopModule:
    def __init__(self):
        self.count = 0
    def outputs(self, inputs):
        return {"count": self.count}
    def eval(self, inputs):
        if inputs["reset"]:
            self.count = 0
        elif inputs["enable"]:
            self.count = (self.count + 1) & 0xF
        return {"count": self.count}
```)";

}  // namespace rtlduet::testing
