// q is d delayed by STAGES clock edges; odd is the parity of q.
module delay_line #(parameter WIDTH = 8, parameter STAGES = 3) (
    input clk, input reset, input [WIDTH-1:0] d, output [WIDTH-1:0] q, output odd);
  wire [WIDTH-1:0] taps [0:STAGES];
  assign taps[0] = d;
  genvar i;
  generate
    for (i = 0; i < STAGES; i = i + 1) begin : stage
      dff_stage #(.WIDTH(WIDTH)) u (.clk(clk), .reset(reset), .d(taps[i]), .q(taps[i + 1]));
    end
  endgenerate
  assign q = taps[STAGES];
  parity_of #(.WIDTH(WIDTH)) check (.value(q), .odd(odd));
endmodule
