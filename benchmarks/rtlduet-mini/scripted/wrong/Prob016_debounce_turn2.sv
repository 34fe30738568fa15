// Scripted wrong answer for Prob016_debounce (turn 2): the count is fixed, but press is not
// cleared while btn equals stable, so it stays high after a press.
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
      cnt <= 2'd0;
    end else if (cnt == 2'd3) begin
      stable <= btn;
      press <= btn;
      cnt <= 2'd0;
    end else begin
      press <= 1'b0;
      cnt <= cnt + 2'd1;
    end
  end

endmodule
