// Mutant: after "101" the machine restarts from idle, so overlapping matches
// such as "10101" are missed.
module TopModule (
  input clk,
  input aresetn,
  input x,
  output z
);
  localparam IDLE = 2'd0, SEEN_1 = 2'd1, SEEN_10 = 2'd2;
  reg [1:0] state;

  always @(posedge clk, negedge aresetn)
    if (!aresetn)
      state <= IDLE;
    else case (state)
      IDLE: state <= x ? SEEN_1 : IDLE;
      SEEN_1: state <= x ? SEEN_1 : SEEN_10;
      default: state <= IDLE;
    endcase

  assign z = (state == SEEN_10) && x;
endmodule
