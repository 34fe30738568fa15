// TopModule built from a helper module in the same file: legal, and must simulate.
module Half (input [3:0] a, input [3:0] b, output [4:0] total);
    assign total = a + b;
endmodule

module TopModule (input [3:0] a, input [3:0] b, output [3:0] sum, output carry);
    wire [4:0] total;
    Half half (.a(a), .b(b), .total(total));
    assign {carry, sum} = total;
endmodule
