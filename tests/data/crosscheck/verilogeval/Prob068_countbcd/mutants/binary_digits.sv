// Mutant: digits wrap at 15 like hex digits instead of at 9.
module TopModule (
  input clk,
  input reset,
  output [3:1] ena,
  output reg [15:0] q
);
  wire [3:0] step = {q[11:0] == 12'hfff, q[7:0] == 8'hff, q[3:0] == 4'hf, 1'b1};
  assign ena = step[3:1];
  always @(posedge clk)
    for (int i = 0; i < 4; i++) begin
      if (reset)
        q[i*4 +: 4] <= 0;
      else if (step[i])
        q[i*4 +: 4] <= q[i*4 +: 4] + 1;
    end
endmodule
