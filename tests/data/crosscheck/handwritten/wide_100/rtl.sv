// 100-bit ports: a register that loads or rotates, and a combinational xor of two halves.
module TopModule (
    input clk,
    input load,
    input [99:0] data,
    output reg [99:0] q,
    output [99:0] mix
);
    always @(posedge clk) begin
        if (load) q <= data;
        else q <= {q[0], q[99:1]};
    end
    assign mix = q ^ {data[49:0], data[99:50]};
endmodule
