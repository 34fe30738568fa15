// Asks the elaborator for a billion 1024-bit registers.
module TopModule (input [3:0] a, input [3:0] b, output [3:0] sum, output carry);
    genvar i;
    generate
        for (i = 0; i < 1000000000; i = i + 1) begin : blow
            reg [1023:0] r;
        end
    endgenerate
    assign {carry, sum} = a + b;
endmodule
