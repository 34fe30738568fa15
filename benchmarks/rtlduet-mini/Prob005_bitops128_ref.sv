module RefModule (
  input [127:0] in,
  input [1:0] mode,
  output reg [127:0] out,
  output parity
);

  assign parity = ^in;

  always @(*) begin
    case (mode)
      2'd0: out = in;
      2'd1:
        for (int i = 0; i < 128; i++)
          out[i] = in[127 - i];
      2'd2:
        for (int i = 0; i < 16; i++)
          out[i*8 +: 8] = in[(15 - i)*8 +: 8];
      default: out = {in[119:0], in[127:120]};
    endcase
  end

endmodule
