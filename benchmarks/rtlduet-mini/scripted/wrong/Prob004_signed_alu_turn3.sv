// Scripted wrong answer for Prob004_signed_alu (turn 3): op 2 compares unsigned and the
// shift is logical, so the run never converges.
module TopModule (
  input [2:0] op,
  input signed [15:0] a,
  input signed [15:0] b,
  output reg signed [15:0] y,
  output zero,
  output neg
);

  wire signed [31:0] product = a * b;

  always @(*) begin
    case (op)
      3'd0: y = a + b;
      3'd1: y = a - b;
      3'd2: y = ($unsigned(a) < $unsigned(b)) ? 16'sd1 : 16'sd0;
      3'd3: y = a >> b[3:0];
      3'd4: y = product[31:16];
      3'd5: y = (a < b) ? a : b;
      3'd6: y = (a < b) ? b : a;
      default: y = (a < 0) ? -a : a;
    endcase
  end

  assign zero = (y == 16'sd0);
  assign neg = y[15];

endmodule
