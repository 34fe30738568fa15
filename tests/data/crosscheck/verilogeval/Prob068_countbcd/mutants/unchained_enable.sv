// Mutant: each digit's enable looks only at the digit below, not all lower digits.
module TopModule (
  input clk,
  input reset,
  output [3:1] ena,
  output reg [15:0] q
);
  wire [3:0] step = {q[11:8] == 4'h9, q[7:4] == 4'h9, q[3:0] == 4'h9, 1'b1};
  assign ena = step[3:1];
  always @(posedge clk)
    for (int i = 0; i < 4; i++) begin
      if (reset || (q[i*4 +: 4] == 9 && step[i]))
        q[i*4 +: 4] <= 0;
      else if (step[i])
        q[i*4 +: 4] <= q[i*4 +: 4] + 1;
    end
endmodule
