// Mutant: wrong reset state (A instead of B).
module TopModule (
  input clk,
  input in,
  input areset,
  output out
);
  reg state;
  always @(posedge clk, posedge areset)
    if (areset)
      state <= 1'b0;
    else if (!in)
      state <= ~state;
  assign out = state;
endmodule
