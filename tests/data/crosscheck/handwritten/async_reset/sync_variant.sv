// The same register with the reset wrongly made synchronous: only the pre-edge sample of a
// reset row tells it apart.
module TopModule (
    input clk,
    input areset,
    input [7:0] d,
    output reg [7:0] q
);
    always @(posedge clk) begin
        if (areset) q <= 8'h5a;
        else q <= d;
    end
endmodule
