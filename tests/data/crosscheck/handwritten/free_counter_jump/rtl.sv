// Free-running 8-bit counter from 0 with a bug: after 19 it jumps to 30 (so the post-edge
// sample of cycle 19 reads 30 where the model says 20).
module TopModule (
    input clk,
    output reg [7:0] count
);
    initial count = 8'd0;
    always @(posedge clk) count <= (count == 8'd19) ? 8'd30 : count + 8'd1;
endmodule
