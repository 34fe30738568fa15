`timescale 1 ps/1 ps

// Self-checking testbench for Prob008_accum_areset.
// Drives the same seeded random and directed inputs into RefModule and
// TopModule and counts the samples where a known reference bit differs.
module tb;

  reg clk = 1'b0;
  always #5 clk = ~clk;

  integer seed = 18;
  integer mismatches = 0;
  integer samples = 0;
  integer n;
  integer pick;

  reg areset;
  reg en;
  reg [7:0] din;
  wire [11:0] acc_ref;
  wire [11:0] acc_dut;
  integer acc_bad = 0;
  integer acc_first = 0;
  wire ovf_ref;
  wire ovf_dut;
  integer ovf_bad = 0;
  integer ovf_first = 0;

  RefModule good (
    .clk(clk),
    .areset(areset),
    .en(en),
    .din(din),
    .acc(acc_ref),
    .ovf(ovf_ref)
  );

  TopModule dut (
    .clk(clk),
    .areset(areset),
    .en(en),
    .din(din),
    .acc(acc_dut),
    .ovf(ovf_dut)
  );

  wire [12:0] all_ref = {acc_ref, ovf_ref};
  wire [12:0] all_dut = {acc_dut, ovf_dut};

  // An unknown reference bit matches anything; an unknown design bit only
  // matches an unknown reference bit.
  task sample;
    begin
      samples = samples + 1;
      if (all_ref !== (all_ref ^ all_dut ^ all_ref))
        mismatches = mismatches + 1;
      if (acc_ref !== (acc_ref ^ acc_dut ^ acc_ref)) begin
        if (acc_bad == 0)
          acc_first = $time;
        acc_bad = acc_bad + 1;
      end
      if (ovf_ref !== (ovf_ref ^ ovf_dut ^ ovf_ref)) begin
        if (ovf_bad == 0)
          ovf_first = $time;
        ovf_bad = ovf_bad + 1;
      end
    end
  endtask

  // One clock cycle. Inputs change just after a falling edge; outputs are
  // sampled once they settle before the rising edge and again just after it.
  task step;
    begin
      #4 sample;
      @(posedge clk);
      #1 sample;
      @(negedge clk);
    end
  endtask

  task randomize_inputs;
    begin
      areset = (($random(seed) & 63) == 0);
      en = (($random(seed) & 3) != 0);
      pick = $random(seed) & 15;
      if (pick == 0) din = 8'd0;
      else if (pick == 1) din = {8{1'b1}};
      else if (pick == 2) din = {1'b1, {7{1'b0}}};
      else if (pick == 3) din = {1'b0, {7{1'b1}}};
      else din = $random(seed);
    end
  endtask

  initial begin
    repeat (2) begin areset = 1'h1; en = 1'h0; din = 8'h0; step; end
    repeat (20) begin areset = 1'h0; en = 1'h1; din = 8'hff; step; end
    repeat (2) begin en = 1'h0; din = 8'h11; step; end
    areset = 1'h1; en = 1'h1; step;
    repeat (4) begin areset = 1'h0; en = 1'h1; din = 8'h1; step; end
    for (n = 0; n < 1500; n = n + 1) begin
      randomize_inputs;
      step;
    end
    $display("Output %s: %0d mismatching samples, first at time %0d", "acc", acc_bad, acc_first);
    $display("Output %s: %0d mismatching samples, first at time %0d", "ovf", ovf_bad, ovf_first);
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end

endmodule
