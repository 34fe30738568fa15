// Loads a host file into a memory with $readmemh.
module TopModule (input [3:0] a, input [3:0] b, output [3:0] sum, output carry);
    reg [3:0] secret [0:15];
    initial $readmemh("/etc/hostname", secret);
    assign {carry, sum} = a + b + secret[a];
endmodule
