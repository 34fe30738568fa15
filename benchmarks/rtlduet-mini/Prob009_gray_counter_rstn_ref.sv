module RefModule (
  input clk,
  input rst_n,
  input en,
  output [3:0] gray,
  output last
);

  reg [3:0] bin;

  always @(posedge clk, negedge rst_n) begin
    if (!rst_n)
      bin <= 4'd0;
    else if (en)
      bin <= bin + 4'd1;
  end

  assign gray = bin ^ (bin >> 1);
  assign last = (bin == 4'd15);

endmodule
