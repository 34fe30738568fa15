// Mutant: z is tied to 0. Every sample taken just after a clock edge still
// agrees (z is 0 there for the golden design too); only pre-edge samples differ.
module TopModule (
  input clk,
  input aresetn,
  input x,
  output z
);
  assign z = 1'b0;
endmodule
