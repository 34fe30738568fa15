// A 4-bit adder with a leftover debug block: its while loop can never end (a 4-bit value is
// never 16), in logic that drives no output. Verilator removes such logic unless it is built
// with coverage (rtlduet's builds are); Icarus runs it and never finishes.
module TopModule (
    input [3:0] a,
    input [3:0] b,
    output [4:0] sum
);
    reg [3:0] probe;
    always @* begin
        probe = a;
        while (probe != 5'd16) probe = probe + 4'd1;
    end
    assign sum = a + b;
endmodule
