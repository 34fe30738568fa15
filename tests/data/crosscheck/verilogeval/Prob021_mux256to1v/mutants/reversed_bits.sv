// Mutant: the selected nibble comes out with its bit order reversed.
module TopModule (
  input [1023:0] in,
  input [7:0] sel,
  output [3:0] out
);
  assign out = {in[sel*4+0], in[sel*4+1], in[sel*4+2], in[sel*4+3]};
endmodule
