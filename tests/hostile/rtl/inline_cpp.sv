// Pastes C++ into the Verilated model: $c would call the C library's system().
module TopModule (input [3:0] a, input [3:0] b, output [3:0] sum, output carry);
    initial begin
        $c("system(\"touch /tmp/rtlduet-hostile-canary-c\");");
    end
    assign {carry, sum} = a + b;
endmodule
