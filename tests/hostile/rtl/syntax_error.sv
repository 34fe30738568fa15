// The adder with a missing semicolon after the port list.
module TopModule (
    input [3:0] a,
    input [3:0] b,
    output [3:0] sum,
    output carry)
    assign {carry, sum} = a + b;
endmodule
