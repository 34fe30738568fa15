// Mutant: the Mealy output is registered, so z appears one edge late and never
// depends on the current x (a Moore-style mistake).
module TopModule (
  input clk,
  input aresetn,
  input x,
  output reg z
);
  localparam IDLE = 2'd0, SEEN_1 = 2'd1, SEEN_10 = 2'd2;
  reg [1:0] state;

  always @(posedge clk, negedge aresetn)
    if (!aresetn) begin
      state <= IDLE;
      z <= 1'b0;
    end else begin
      z <= (state == SEEN_10) && x;
      if (x)
        state <= SEEN_1;
      else
        state <= (state == SEEN_1) ? SEEN_10 : IDLE;
    end
endmodule
