`timescale 1 ps/1 ps

// Self-checking testbench for Prob007_updown_counter_en.
// Drives the same seeded random and directed inputs into RefModule and
// TopModule and counts the samples where a known reference bit differs.
module tb;

  reg clk = 1'b0;
  always #5 clk = ~clk;

  integer seed = 17;
  integer mismatches = 0;
  integer samples = 0;
  integer n;
  integer pick;

  reg reset;
  reg en;
  reg up;
  wire [7:0] count_ref;
  wire [7:0] count_dut;
  integer count_bad = 0;
  integer count_first = 0;
  wire tc_ref;
  wire tc_dut;
  integer tc_bad = 0;
  integer tc_first = 0;

  RefModule good (
    .clk(clk),
    .reset(reset),
    .en(en),
    .up(up),
    .count(count_ref),
    .tc(tc_ref)
  );

  TopModule dut (
    .clk(clk),
    .reset(reset),
    .en(en),
    .up(up),
    .count(count_dut),
    .tc(tc_dut)
  );

  wire [8:0] all_ref = {count_ref, tc_ref};
  wire [8:0] all_dut = {count_dut, tc_dut};

  // An unknown reference bit matches anything; an unknown design bit only
  // matches an unknown reference bit.
  task sample;
    begin
      samples = samples + 1;
      if (all_ref !== (all_ref ^ all_dut ^ all_ref))
        mismatches = mismatches + 1;
      if (count_ref !== (count_ref ^ count_dut ^ count_ref)) begin
        if (count_bad == 0)
          count_first = $time;
        count_bad = count_bad + 1;
      end
      if (tc_ref !== (tc_ref ^ tc_dut ^ tc_ref)) begin
        if (tc_bad == 0)
          tc_first = $time;
        tc_bad = tc_bad + 1;
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
      reset = (($random(seed) & 63) == 0);
      en = (($random(seed) & 3) != 0);
      up = $random(seed);
    end
  endtask

  initial begin
    repeat (2) begin reset = 1'h1; en = 1'h0; up = 1'h1; step; end
    repeat (260) begin reset = 1'h0; en = 1'h1; up = 1'h1; step; end
    repeat (3) begin en = 1'h0; step; end
    repeat (8) begin en = 1'h1; up = 1'h0; step; end
    reset = 1'h1; step;
    repeat (3) begin reset = 1'h0; en = 1'h1; up = 1'h0; step; end
    for (n = 0; n < 1500; n = n + 1) begin
      randomize_inputs;
      step;
    end
    $display("Output %s: %0d mismatching samples, first at time %0d", "count", count_bad, count_first);
    $display("Output %s: %0d mismatching samples, first at time %0d", "tc", tc_bad, tc_first);
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end

endmodule
