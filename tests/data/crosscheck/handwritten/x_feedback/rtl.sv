// A running parity register fed back on itself with neither a reset nor an initial value:
// the 2-state start of Verilator makes it 0 and it agrees; under 4-state simulation it is X for
// the whole run.
module TopModule (
    input clk,
    input reset,
    input d,
    output reg [2:0] count,
    output reg parity
);
    always @(posedge clk) begin
        if (reset) count <= 3'd0;
        else count <= count + 3'd1;
    end
    always @(posedge clk) parity <= parity ^ d;
endmodule
