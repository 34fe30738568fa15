// Mutant: the active-low reset is synchronous instead of asynchronous.
module TopModule (
  input clk,
  input aresetn,
  input x,
  output z
);
  localparam IDLE = 2'd0, SEEN_1 = 2'd1, SEEN_10 = 2'd2;
  reg [1:0] state;

  always @(posedge clk)
    if (!aresetn)
      state <= IDLE;
    else if (x)
      state <= SEEN_1;
    else
      state <= (state == SEEN_1) ? SEEN_10 : IDLE;

  assign z = (state == SEEN_10) && x;
endmodule
