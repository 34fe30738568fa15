// Scripted wrong answer for Prob014_param_sat_counter: inc wins when inc and dec are both 1
// (the value should hold). The scripted model makes the same mistake, so the two agree and
// only the official testbench rejects the design.
module TopModule #(
  parameter WIDTH = 3,
  parameter MAX = 5
) (
  input clk,
  input reset,
  input inc,
  input dec,
  output reg [WIDTH-1:0] value,
  output at_max,
  output at_min
);

  always @(posedge clk) begin
    if (reset)
      value <= '0;
    else if (inc && value != MAX[WIDTH-1:0])
      value <= value + 1'b1;
    else if (dec && !inc && value != '0)
      value <= value - 1'b1;
  end

  assign at_max = (value == MAX[WIDTH-1:0]);
  assign at_min = (value == '0);

endmodule
