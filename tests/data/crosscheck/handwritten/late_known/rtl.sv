// A sample register loaded only when the free-running counter wraps (every 64 rows), with
// no reset: its output is unknown (X) in 4-state simulation for the first 64 rows, longer
// than the power-up grace; Verilator starts it at 0 like the model.
module TopModule (
    input clk,
    input reset,
    input [3:0] d,
    output reg [5:0] count,
    output reg [3:0] sample
);
    always @(posedge clk) begin
        if (reset) count <= 6'd0;
        else count <= count + 6'd1;
        if (count == 6'd63) sample <= d;
    end
endmodule
