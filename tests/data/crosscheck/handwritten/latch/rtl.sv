// A combinational enable gate written with an incomplete if: q keeps its value while en is
// low, so synthesis infers a latch where combinational logic was asked for.
module TopModule (
    input en,
    input [3:0] a,
    output reg [3:0] q
);
    always @* begin
        if (en) q = a;
    end
endmodule
