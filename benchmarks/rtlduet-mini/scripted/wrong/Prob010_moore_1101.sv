// Scripted wrong answer for Prob010_moore_1101 (turn 1): found also rises combinationally
// while the final 1 is on the input (a Mealy output where a Moore one is asked for).
module TopModule (
  input clk,
  input reset,
  input in,
  output found
);

  localparam [2:0] IDLE = 3'd0, GOT1 = 3'd1, GOT11 = 3'd2, GOT110 = 3'd3, MATCH = 3'd4;
  reg [2:0] state;
  reg [2:0] next;

  always @(*) begin
    case (state)
      IDLE: next = in ? GOT1 : IDLE;
      GOT1: next = in ? GOT11 : IDLE;
      GOT11: next = in ? GOT11 : GOT110;
      GOT110: next = in ? MATCH : IDLE;
      MATCH: next = in ? GOT11 : IDLE;
      default: next = IDLE;
    endcase
  end

  always @(posedge clk) begin
    if (reset)
      state <= IDLE;
    else
      state <= next;
  end

  assign found = (state == MATCH) || (state == GOT110 && in);

endmodule
