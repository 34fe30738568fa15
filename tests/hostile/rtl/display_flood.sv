// Prints without end at time zero: the output would fill a disk or a log buffer.
module TopModule (input [3:0] a, input [3:0] b, output [3:0] sum, output carry);
    initial begin
        forever $display("flood flood flood flood flood flood flood flood flood flood flood");
    end
    assign {carry, sum} = a + b;
endmodule
