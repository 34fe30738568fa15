module RefModule (
  input clk,
  input areset,
  input en,
  input [7:0] din,
  output reg [11:0] acc,
  output reg ovf
);

  wire [12:0] next = {1'b0, acc} + {5'd0, din};

  always @(posedge clk, posedge areset) begin
    if (areset) begin
      acc <= 12'd0;
      ovf <= 1'b0;
    end else if (en) begin
      acc <= next[11:0];
      ovf <= ovf | next[12];
    end
  end

endmodule
