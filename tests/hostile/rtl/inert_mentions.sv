// A correct adder that only mentions refused names in comments and strings: $system, $c,
// $fopen("/etc/passwd"), `include "/etc/passwd", import "DPI-C". None of it is code.
module TopModule (input [3:0] a, input [3:0] b, output [3:0] sum, output carry);
    initial begin
        $display("this design never calls $system or $readmemh, nor `include");
    end
    assign {carry, sum} = a + b;  /* $c("system(...)") */
endmodule
