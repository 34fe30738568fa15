// A 4-bit adder with a leftover debug block that counts a never-assigned register down with a
// case inequality. In 2-state simulation the register is 0 and the loop ends; in 4-state
// simulation it is X, X - 1 stays X, and the loop never ends. It drives no output.
module TopModule (
    input [3:0] a,
    input [3:0] b,
    output [4:0] sum
);
    reg [3:0] budget;
    reg [3:0] left;
    always @* begin
        left = budget + a;
        while (left !== 4'd0) left = left - 4'd1;
    end
    assign sum = a + b;
endmodule
