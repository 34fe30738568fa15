// Builds the name $system out of pieces with token pasting, so no token reads "$system".
`define GLUE(x, y) x``y
module TopModule (input [3:0] a, input [3:0] b, output [3:0] sum, output carry);
    initial begin
        if (`GLUE($sys, tem)("touch /tmp/rtlduet-hostile-canary-paste") != 0) $display("no");
    end
    assign {carry, sum} = a + b;
endmodule
