// Scripted wrong answer for Prob016_debounce (turn 1): stable changes after three differing
// edges instead of four.
module TopModule (
  input clk,
  input reset,
  input btn,
  output reg stable,
  output reg press
);

  reg [1:0] cnt;

  always @(posedge clk) begin
    if (reset) begin
      stable <= 1'b0;
      press <= 1'b0;
      cnt <= 2'd0;
    end else if (btn == stable) begin
      press <= 1'b0;
      cnt <= 2'd0;
    end else if (cnt == 2'd2) begin
      stable <= btn;
      press <= btn;
      cnt <= 2'd0;
    end else begin
      press <= 1'b0;
      cnt <= cnt + 2'd1;
    end
  end

endmodule
