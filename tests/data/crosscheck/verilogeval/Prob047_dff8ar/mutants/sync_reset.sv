// Mutant: the reset is synchronous instead of asynchronous.
module TopModule (
  input clk,
  input [7:0] d,
  input areset,
  output reg [7:0] q
);
  always @(posedge clk)
    if (areset)
      q <= 0;
    else
      q <= d;
endmodule
