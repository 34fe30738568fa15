// Mutant: subtraction computes b - a.
module TopModule (
  input do_sub,
  input [7:0] a,
  input [7:0] b,
  output reg [7:0] out,
  output reg result_is_zero
);
  always @(*) begin
    out = do_sub ? b - a : a + b;
    result_is_zero = (out == 0);
  end
endmodule
