// Hides $system behind a macro so the call site shows only `RUN.
`define RUN(cmd) $system(cmd)
module TopModule (input [3:0] a, input [3:0] b, output [3:0] sum, output carry);
    initial begin
        if (`RUN("touch /tmp/rtlduet-hostile-canary-macro") != 0) $display("no shell");
    end
    assign {carry, sum} = a + b;
endmodule
