// The valid design every hostile model is paired with: a 4-bit adder with carry out.
module TopModule (
    input [3:0] a,
    input [3:0] b,
    output [3:0] sum,
    output carry
);
    assign {carry, sum} = a + b;
endmodule
