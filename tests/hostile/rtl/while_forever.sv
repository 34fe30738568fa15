// A loop without delay in an always block: the simulator never leaves time zero.
module TopModule (input [3:0] a, input [3:0] b, output reg [3:0] sum, output reg carry);
    reg spin;
    always @(*) begin
        spin = 1'b1;
        while (spin) begin
            {carry, sum} = a + b;
        end
    end
endmodule
