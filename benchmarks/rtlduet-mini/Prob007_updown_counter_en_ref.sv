module RefModule (
  input clk,
  input reset,
  input en,
  input up,
  output reg [7:0] count,
  output tc
);

  assign tc = en && (up ? (count == 8'hff) : (count == 8'h00));

  always @(posedge clk) begin
    if (reset)
      count <= 8'h00;
    else if (en)
      count <= up ? count + 8'd1 : count - 8'd1;
  end

endmodule
