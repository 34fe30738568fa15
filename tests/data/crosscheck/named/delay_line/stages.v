// One register stage of the delay line, and the parity of its output.
module dff_stage #(parameter WIDTH = 8) (
    input clk, input reset, input [WIDTH-1:0] d, output reg [WIDTH-1:0] q);
  always @(posedge clk) q <= reset ? {WIDTH{1'b0}} : d;
endmodule

module parity_of #(parameter WIDTH = 8) (input [WIDTH-1:0] value, output odd);
  assign odd = ^value;
endmodule
