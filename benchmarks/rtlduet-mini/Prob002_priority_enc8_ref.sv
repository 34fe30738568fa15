module RefModule (
  input [7:0] req,
  output reg [2:0] idx,
  output valid
);

  assign valid = |req;

  always @(*) begin
    idx = 3'd0;
    for (int i = 0; i < 8; i++)
      if (req[i])
        idx = i[2:0];
  end

endmodule
