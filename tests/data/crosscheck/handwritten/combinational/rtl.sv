// Combinational: 8-bit sum with carry, parity and a 2:1 mux.
module TopModule (
    input [7:0] a,
    input [7:0] b,
    input sel,
    output [8:0] sum,
    output parity,
    output [7:0] pick
);
    assign sum = a + b;
    assign parity = ^a;
    assign pick = sel ? b : a;
endmodule
