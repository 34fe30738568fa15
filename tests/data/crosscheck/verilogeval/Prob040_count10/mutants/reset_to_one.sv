// Mutant: wrong reset value (1 instead of 0).
module TopModule (
  input clk,
  input reset,
  output reg [3:0] q
);
  always @(posedge clk)
    if (reset)
      q <= 1;
    else if (q == 9)
      q <= 0;
    else
      q <= q + 1;
endmodule
