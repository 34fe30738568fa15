// A correct 4-bit shift register with an asynchronous reset written with a blocking
// assignment next to non-blocking ones. Icarus accepts it; Verilator 5 refuses it
// ("Unsupported: Blocked and non-blocking assignments to same variable").
module TopModule (
    input clk,
    input areset,
    input d,
    output reg [3:0] q
);
    always @(posedge clk, posedge areset) begin
        if (areset) q = 4'd0;
        else q <= {q[2:0], d};
    end
endmodule
