// Mutant: the reset is synchronous instead of asynchronous.
module TopModule (
  input clk,
  input in,
  input areset,
  output out
);
  reg state;
  always @(posedge clk)
    if (areset)
      state <= 1'b1;
    else if (!in)
      state <= ~state;
  assign out = state;
endmodule
