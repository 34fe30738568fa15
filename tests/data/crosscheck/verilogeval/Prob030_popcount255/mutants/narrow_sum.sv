// Mutant: the running sum is only 7 bits wide, so counts above 127 wrap.
module TopModule (
  input [254:0] in,
  output [7:0] out
);
  reg [6:0] total;
  always_comb begin
    total = 0;
    for (int i = 0; i < 255; i++)
      total = total + in[i];
  end
  assign out = {1'b0, total};
endmodule
