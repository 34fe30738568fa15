// Mutant: the counter wraps one step late (after 100, not 99); seen only after 100 enabled
// cycles without a reset.
module TopModule (
    input clk,
    input reset,
    input ena,
    output reg [6:0] count,
    output wrap
);
    assign wrap = ena && count == 7'd100;
    always @(posedge clk) begin
        if (reset) count <= 7'd0;
        else if (ena) count <= count == 7'd100 ? 7'd0 : count + 7'd1;
    end
endmodule
