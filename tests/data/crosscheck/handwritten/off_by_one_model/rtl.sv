// Decade counter 0..9 with enable and active-high synchronous reset.
module TopModule (
    input clk,
    input reset,
    input en,
    output reg [3:0] q
);
    always @(posedge clk) begin
        if (reset) q <= 4'd0;
        else if (en) q <= (q == 4'd9) ? 4'd0 : q + 4'd1;
    end
endmodule
