// A correct adder under the wrong module name.
module Adder (input [3:0] a, input [3:0] b, output [3:0] sum, output carry);
    assign {carry, sum} = a + b;
endmodule
