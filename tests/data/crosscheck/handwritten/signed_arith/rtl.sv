// Signed arithmetic: sum, difference, comparison and arithmetic shift of 8-bit operands.
module TopModule (
    input signed [7:0] a,
    input signed [7:0] b,
    output signed [8:0] sum,
    output signed [8:0] diff,
    output less,
    output signed [7:0] half
);
    assign sum = a + b;
    assign diff = a - b;
    assign less = a < b;
    assign half = a >>> 1;
endmodule
