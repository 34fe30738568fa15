module RefModule (
  input clk,
  input areset,
  input [1:0] coin,
  output vend,
  output [4:0] change
);

  reg [4:0] credit;
  reg [5:0] value;

  always @(*) begin
    case (coin)
      2'd1: value = 6'd5;
      2'd2: value = 6'd10;
      2'd3: value = 6'd25;
      default: value = 6'd0;
    endcase
  end

  wire [5:0] total = {1'b0, credit} + value;
  wire [5:0] extra = total - 6'd30;
  assign vend = (total >= 6'd30);
  assign change = vend ? extra[4:0] : 5'd0;

  always @(posedge clk, posedge areset) begin
    if (areset)
      credit <= 5'd0;
    else if (vend)
      credit <= 5'd0;
    else
      credit <= total[4:0];
  end

endmodule
