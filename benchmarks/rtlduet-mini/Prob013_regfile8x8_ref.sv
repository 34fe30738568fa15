module RefModule (
  input clk,
  input resetn,
  input we,
  input [2:0] waddr,
  input [7:0] wdata,
  input [2:0] raddr_a,
  input [2:0] raddr_b,
  output [7:0] rdata_a,
  output [7:0] rdata_b
);

  reg [7:0] regs [0:7];

  always @(posedge clk) begin
    if (!resetn) begin
      for (int i = 0; i < 8; i++)
        regs[i] <= 8'd0;
    end else if (we && waddr != 3'd0) begin
      regs[waddr] <= wdata;
    end
  end

  assign rdata_a = (raddr_a == 3'd0) ? 8'd0 : regs[raddr_a];
  assign rdata_b = (raddr_b == 3'd0) ? 8'd0 : regs[raddr_b];

endmodule
