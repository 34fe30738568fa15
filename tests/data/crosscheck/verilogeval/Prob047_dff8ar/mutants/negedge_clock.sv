// Mutant: the flip-flops capture on the falling clock edge.
module TopModule (
  input clk,
  input [7:0] d,
  input areset,
  output reg [7:0] q
);
  always @(negedge clk, posedge areset)
    if (areset)
      q <= 0;
    else
      q <= d;
endmodule
