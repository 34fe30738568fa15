// Scripted wrong answer for Prob011_vending_mealy (every turn): vend and change are
// registered, so they answer a coin one cycle late instead of in the same cycle.
module TopModule (
  input clk,
  input areset,
  input [1:0] coin,
  output reg vend,
  output reg [4:0] change
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

  always @(posedge clk, posedge areset) begin
    if (areset) begin
      credit <= 5'd0;
      vend <= 1'b0;
      change <= 5'd0;
    end else begin
      vend <= (total >= 6'd30);
      change <= (total >= 6'd30) ? extra[4:0] : 5'd0;
      credit <= (total >= 6'd30) ? 5'd0 : total[4:0];
    end
  end

endmodule
