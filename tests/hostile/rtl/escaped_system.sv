// Names $system through an escaped identifier, hoping a check on plain tokens misses it.
module TopModule (input [3:0] a, input [3:0] b, output [3:0] sum, output carry);
    initial begin
        if (\$system ("touch /tmp/rtlduet-hostile-canary-escaped") != 0) $display("no");
    end
    assign {carry, sum} = a + b;
endmodule
