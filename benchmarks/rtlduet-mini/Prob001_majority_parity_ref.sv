module RefModule (
  input a,
  input b,
  input c,
  input d,
  output maj,
  output par,
  output all_eq
);

  assign maj = (a & b) | (a & c) | (b & c);
  assign par = a ^ b ^ c ^ d;
  assign all_eq = (a == b) && (b == c) && (c == d);

endmodule
