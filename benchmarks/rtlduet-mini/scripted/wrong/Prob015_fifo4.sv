// Scripted wrong answer for Prob015_fifo4: uses an undeclared name, so lint rejects it and
// the flow asks for a repair (the repair request is matched on that name).
module TopModule (
  input clk,
  input reset,
  input push,
  input pop,
  input [7:0] din,
  output [7:0] dout,
  output empty,
  output full,
  output [2:0] count
);

  reg [7:0] mem [0:3];
  reg [1:0] head;
  reg [1:0] tail;
  reg [2:0] used;

  wire do_pop = pop && used != 3'd0;
  wire do_push = push && fifo_fill_level != 3'd4;

  always @(posedge clk) begin
    if (reset) begin
      head <= 2'd0;
      tail <= 2'd0;
      used <= 3'd0;
    end else begin
      if (do_push) begin
        mem[tail] <= din;
        tail <= tail + 2'd1;
      end
      if (do_pop)
        head <= head + 2'd1;
      used <= used + {2'd0, do_push} - {2'd0, do_pop};
    end
  end

  assign empty = (used == 3'd0);
  assign full = (used == 3'd4);
  assign count = used;
  assign dout = empty ? 8'd0 : mem[head];

endmodule
