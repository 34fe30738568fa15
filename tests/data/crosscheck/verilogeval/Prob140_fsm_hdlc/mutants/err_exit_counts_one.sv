// Mutant: leaving the error state on a 0 counts that 0 as a 1, so four ones after the exit
// look like five; seen only when the rare error state is left and four ones follow.
module TopModule (
  input clk,
  input reset,
  input in,
  output disc,
  output flag,
  output err
);
  reg [2:0] ones;  // ones since the last zero, 0..6
  reg [1:0] event_kind;  // 0 none, 1 disc, 2 flag, 3 err
  assign disc = event_kind == 2'd1;
  assign flag = event_kind == 2'd2;
  assign err = event_kind == 2'd3;
  always @(posedge clk) begin
    if (reset) begin
      ones <= 3'd0;
      event_kind <= 2'd0;
    end else if (event_kind == 2'd3) begin
      if (!in) begin
        event_kind <= 2'd0;
        ones <= 3'd1;  // the bug: the count after the error should start at 0
      end
    end else if (event_kind != 2'd0) begin
      event_kind <= 2'd0;
      ones <= in ? 3'd1 : 3'd0;
    end else if (in) begin
      if (ones == 3'd6) event_kind <= 2'd3;
      else ones <= ones + 3'd1;
    end else begin
      event_kind <= ones == 3'd5 ? 2'd1 : ones == 3'd6 ? 2'd2 : 2'd0;
      ones <= 3'd0;
    end
  end
endmodule
