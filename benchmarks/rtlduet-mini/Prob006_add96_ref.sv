module RefModule (
  input [95:0] a,
  input [95:0] b,
  input cin,
  output [95:0] sum,
  output cout,
  output eq
);

  assign {cout, sum} = a + b + {96'd0, cin};
  assign eq = (a == b);

endmodule
