module RefModule (
  input signed [7:0] a,
  input signed [7:0] b,
  output reg signed [7:0] sum,
  output reg sat
);

  wire signed [8:0] full = a + b;

  always @(*) begin
    if (full > 9'sd127) begin
      sum = 8'sh7f;
      sat = 1'b1;
    end else if (full < -9'sd128) begin
      sum = 8'sh80;
      sat = 1'b1;
    end else begin
      sum = full[7:0];
      sat = 1'b0;
    end
  end

endmodule
