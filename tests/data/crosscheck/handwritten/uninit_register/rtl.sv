// A counter that is reset and an accumulator that is not: under a 4-state simulator the
// accumulator stays unknown (X) for the whole run.
module TopModule (
    input clk,
    input reset,
    input [3:0] d,
    output reg [3:0] count,
    output reg [3:0] acc
);
    always @(posedge clk) begin
        if (reset) count <= 4'd0;
        else count <= count + 4'd1;
        acc <= acc + d;
    end
endmodule
