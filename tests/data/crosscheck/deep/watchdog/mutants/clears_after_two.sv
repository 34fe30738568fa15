// Mutant: the alarm clears after two kicks in a row instead of three; seen only when the rare
// alarm is raised and kicks follow.
module TopModule (
    input clk,
    input reset,
    input kick,
    output reg alarm
);
    reg [3:0] quiet;  // cycles without a kick, saturating at 8
    reg [1:0] kicks;  // kicks in a row while the alarm is raised
    always @(posedge clk) begin
        if (reset) begin
            quiet <= 4'd0;
            kicks <= 2'd0;
            alarm <= 1'b0;
        end else if (alarm) begin
            kicks <= kick ? kicks + 2'd1 : 2'd0;
            if (kick && kicks == 2'd1) begin
                alarm <= 1'b0;
                quiet <= 4'd0;
                kicks <= 2'd0;
            end
        end else begin
            quiet <= kick ? 4'd0 : quiet + 4'd1;
            if (!kick && quiet == 4'd7) alarm <= 1'b1;
        end
    end
endmodule
