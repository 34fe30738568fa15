// Stays under the unroll limit but declares eight memories of 8M x 1024 bits (8 GiB in all)
// and reads every one, so no tool can drop them as unused.
module TopModule (input [3:0] a, input [3:0] b, output [3:0] sum, output carry);
    wire [3:0] chain [0:8];
    assign chain[0] = 4'd0;
    genvar i;
    generate
        for (i = 0; i < 8; i = i + 1) begin : blow
            reg [1023:0] mem [0:8388607];
            always @(*) mem[{a, b}] = {1024{1'b0}};
            assign chain[i + 1] = chain[i] ^ mem[{b, a}][3:0];
        end
    endgenerate
    assign {carry, sum} = a + b + {1'b0, chain[8]};
endmodule
