// Runs a host command from the simulation: Verilator would execute it.
module TopModule (input [3:0] a, input [3:0] b, output [3:0] sum, output carry);
    initial begin
        if ($system("touch /tmp/rtlduet-hostile-canary-system") != 0) $display("no shell");
    end
    assign {carry, sum} = a + b;
endmodule
