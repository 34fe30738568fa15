// Counts enabled cycles modulo 100 and pulses `wrap` on the cycle it wraps from 99 to 0.
// Synchronous reset to 0.
module TopModule (
    input clk,
    input reset,
    input ena,
    output reg [6:0] count,
    output wrap
);
    assign wrap = ena && count == 7'd99;
    always @(posedge clk) begin
        if (reset) count <= 7'd0;
        else if (ena) count <= count == 7'd99 ? 7'd0 : count + 7'd1;
    end
endmodule
