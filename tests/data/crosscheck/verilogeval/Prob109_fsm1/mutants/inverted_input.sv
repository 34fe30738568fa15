// Mutant: wrong transitions, the state toggles on in=1 instead of in=0.
module TopModule (
  input clk,
  input in,
  input areset,
  output out
);
  reg state;
  always @(posedge clk, posedge areset)
    if (areset)
      state <= 1'b1;
    else if (in)
      state <= ~state;
  assign out = state;
endmodule
