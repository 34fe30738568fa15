// Mutant: the enable outputs are registered, so they lag the count by a cycle.
module TopModule (
  input clk,
  input reset,
  output reg [3:1] ena,
  output reg [15:0] q
);
  wire [3:0] step = {q[11:0] == 12'h999, q[7:0] == 8'h99, q[3:0] == 4'h9, 1'b1};
  always @(posedge clk) begin
    ena <= reset ? 3'b0 : step[3:1];
    for (int i = 0; i < 4; i++) begin
      if (reset || (q[i*4 +: 4] == 9 && step[i]))
        q[i*4 +: 4] <= 0;
      else if (step[i])
        q[i*4 +: 4] <= q[i*4 +: 4] + 1;
    end
  end
endmodule
