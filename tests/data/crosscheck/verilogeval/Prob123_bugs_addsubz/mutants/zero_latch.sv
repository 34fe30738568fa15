// Mutant: the original bug left in place (the zero flag is latched, never cleared).
module TopModule (
  input do_sub,
  input [7:0] a,
  input [7:0] b,
  output reg [7:0] out,
  output reg result_is_zero
);
  always @(*) begin
    out = do_sub ? a - b : a + b;
    if (~out)
      result_is_zero = 1;
  end
endmodule
