// A combinational loop that never settles: ring = ~ring.
module TopModule (input [3:0] a, input [3:0] b, output [3:0] sum, output carry);
    wire ring;
    assign ring = ~ring ^ a[0];
    assign {carry, sum} = a + b + {3'b000, ring};
endmodule
