// Reference of the one problem of a suite that lacks its testbench (Prob001_adder_test.sv).
module RefModule (input [3:0] a, input [3:0] b, output [3:0] sum, output carry);
    assign {carry, sum} = a + b;
endmodule
