// Exhaustive testbench in the VerilogEval style: compares TopModule with RefModule.
`timescale 1 ps / 1 ps
module tb ();
    reg [3:0] a, b;
    wire [3:0] sum_ref, sum_dut;
    wire carry_ref, carry_dut;
    integer mismatches = 0;
    integer samples = 0;
    integer i;
    RefModule good (.a(a), .b(b), .sum(sum_ref), .carry(carry_ref));
    TopModule top_module1 (.a(a), .b(b), .sum(sum_dut), .carry(carry_dut));
    initial begin
        for (i = 0; i < 256; i = i + 1) begin
            {a, b} = i;
            #1;
            samples = samples + 1;
            if ({carry_ref, sum_ref} !== {carry_dut, sum_dut}) mismatches = mismatches + 1;
        end
        $display("Mismatches: %1d in %1d samples", mismatches, samples);
        $finish;
    end
endmodule
