// Scripted wrong answer for Prob003_sat_add_s8 (turn 1): the sum wraps instead of saturating.
module TopModule (
  input signed [7:0] a,
  input signed [7:0] b,
  output reg signed [7:0] sum,
  output reg sat
);

  always @(*) begin
    sum = a + b;
    sat = 1'b0;
  end

endmodule
