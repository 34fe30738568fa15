// Reference of the one problem of a well-formed suite, used by the samples-file cases.
module RefModule (input [3:0] a, input [3:0] b, output [3:0] sum, output carry);
    assign {carry, sum} = a + b;
endmodule
