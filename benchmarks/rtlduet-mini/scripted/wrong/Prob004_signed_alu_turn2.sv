// Scripted wrong answer for Prob004_signed_alu (turn 2, worse than turn 1): set-less-than,
// min and max all compare unsigned, so backtracking keeps the turn 1 pair.
module TopModule (
  input [2:0] op,
  input signed [15:0] a,
  input signed [15:0] b,
  output reg signed [15:0] y,
  output zero,
  output neg
);

  wire signed [31:0] product = a * b;
  wire below = $unsigned(a) < $unsigned(b);

  always @(*) begin
    case (op)
      3'd0: y = a + b;
      3'd1: y = a - b;
      3'd2: y = below ? 16'sd1 : 16'sd0;
      3'd3: y = a >>> b[3:0];
      3'd4: y = product[31:16];
      3'd5: y = below ? a : b;
      3'd6: y = below ? b : a;
      default: y = (a < 0) ? -a : a;
    endcase
  end

  assign zero = (y == 16'sd0);
  assign neg = y[15];

endmodule
