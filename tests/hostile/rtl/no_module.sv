// Text without any module: only a comment and a stray assignment.
assign sum = a + b;
