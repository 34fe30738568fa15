// Scripted wrong answer for Prob007_updown_counter_en (turn 1): tc ignores en.
module TopModule (
  input clk,
  input reset,
  input en,
  input up,
  output reg [7:0] count,
  output tc
);

  assign tc = up ? (count == 8'hff) : (count == 8'h00);

  always @(posedge clk) begin
    if (reset)
      count <= 8'h00;
    else if (en)
      count <= up ? count + 8'd1 : count - 8'd1;
  end

endmodule
