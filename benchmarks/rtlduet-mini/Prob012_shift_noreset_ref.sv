module RefModule (
  input clk,
  input load,
  input shift_en,
  input sin,
  input [7:0] pdata,
  output reg [7:0] q,
  output sout
);

  always @(posedge clk) begin
    if (load)
      q <= pdata;
    else if (shift_en)
      q <= {q[6:0], sin};
  end

  assign sout = q[7];

endmodule
