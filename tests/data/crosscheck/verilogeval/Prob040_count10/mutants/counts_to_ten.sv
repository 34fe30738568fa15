// Mutant: off by one, the counter wraps after 10 instead of after 9.
module TopModule (
  input clk,
  input reset,
  output reg [3:0] q
);
  always @(posedge clk)
    if (reset || q == 10)
      q <= 0;
    else
      q <= q + 1;
endmodule
