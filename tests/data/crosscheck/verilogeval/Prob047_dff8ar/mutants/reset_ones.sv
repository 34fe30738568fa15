// Mutant: wrong reset value (all ones instead of zero).
module TopModule (
  input clk,
  input [7:0] d,
  input areset,
  output reg [7:0] q
);
  always @(posedge clk, posedge areset)
    if (areset)
      q <= 8'hff;
    else
      q <= d;
endmodule
