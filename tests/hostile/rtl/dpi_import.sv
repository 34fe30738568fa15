// Imports the C library's system() through DPI-C and calls it.
module TopModule (input [3:0] a, input [3:0] b, output [3:0] sum, output carry);
    import "DPI-C" function int system(input string command);
    initial begin
        if (system("touch /tmp/rtlduet-hostile-canary-dpi") != 0) $display("no shell");
    end
    assign {carry, sum} = a + b;
endmodule
