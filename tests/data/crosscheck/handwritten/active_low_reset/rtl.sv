// 3-bit Gray-code counter with an active-low synchronous reset.
module TopModule (
    input clk,
    input resetn,
    output [2:0] gray
);
    reg [2:0] bin;
    always @(posedge clk) begin
        if (!resetn) bin <= 3'd0;
        else bin <= bin + 3'd1;
    end
    assign gray = bin ^ (bin >> 1);
endmodule
