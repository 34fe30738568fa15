// 8-bit register with active-high asynchronous reset to 0x5a.
module TopModule (
    input clk,
    input areset,
    input [7:0] d,
    output reg [7:0] q
);
    always @(posedge clk or posedge areset) begin
        if (areset) q <= 8'h5a;
        else q <= d;
    end
endmodule
