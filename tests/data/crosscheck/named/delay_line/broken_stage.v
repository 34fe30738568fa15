// dff_stage with a syntax error on line 4.
module dff_stage #(parameter WIDTH = 8) (
    input clk, input reset, input [WIDTH-1:0] d, output reg [WIDTH-1:0] q);
  always @(posedge clk) q <= reset ? {WIDTH{1'b0}} : d
endmodule
