`timescale 1 ps/1 ps

// Self-checking testbench for Prob014_param_sat_counter.
// Drives the same seeded random and directed inputs into RefModule and
// TopModule and counts the samples where a known reference bit differs.
module tb;

  reg clk = 1'b0;
  always #5 clk = ~clk;

  integer seed = 24;
  integer mismatches = 0;
  integer samples = 0;
  integer n;
  integer pick;

  reg reset;
  reg inc;
  reg dec;
  wire [2:0] value_ref;
  wire [2:0] value_dut;
  integer value_bad = 0;
  integer value_first = 0;
  wire at_max_ref;
  wire at_max_dut;
  integer at_max_bad = 0;
  integer at_max_first = 0;
  wire at_min_ref;
  wire at_min_dut;
  integer at_min_bad = 0;
  integer at_min_first = 0;

  RefModule good (
    .clk(clk),
    .reset(reset),
    .inc(inc),
    .dec(dec),
    .value(value_ref),
    .at_max(at_max_ref),
    .at_min(at_min_ref)
  );

  TopModule dut (
    .clk(clk),
    .reset(reset),
    .inc(inc),
    .dec(dec),
    .value(value_dut),
    .at_max(at_max_dut),
    .at_min(at_min_dut)
  );

  wire [4:0] all_ref = {value_ref, at_max_ref, at_min_ref};
  wire [4:0] all_dut = {value_dut, at_max_dut, at_min_dut};

  // An unknown reference bit matches anything; an unknown design bit only
  // matches an unknown reference bit.
  task sample;
    begin
      samples = samples + 1;
      if (all_ref !== (all_ref ^ all_dut ^ all_ref))
        mismatches = mismatches + 1;
      if (value_ref !== (value_ref ^ value_dut ^ value_ref)) begin
        if (value_bad == 0)
          value_first = $time;
        value_bad = value_bad + 1;
      end
      if (at_max_ref !== (at_max_ref ^ at_max_dut ^ at_max_ref)) begin
        if (at_max_bad == 0)
          at_max_first = $time;
        at_max_bad = at_max_bad + 1;
      end
      if (at_min_ref !== (at_min_ref ^ at_min_dut ^ at_min_ref)) begin
        if (at_min_bad == 0)
          at_min_first = $time;
        at_min_bad = at_min_bad + 1;
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
      inc = (($random(seed) & 3) != 0);
      dec = (($random(seed) & 3) == 0);
    end
  endtask

  initial begin
    repeat (2) begin reset = 1'h1; inc = 1'h0; dec = 1'h0; step; end
    repeat (8) begin reset = 1'h0; inc = 1'h1; dec = 1'h0; step; end
    repeat (2) begin inc = 1'h1; dec = 1'h1; step; end
    repeat (8) begin inc = 1'h0; dec = 1'h1; step; end
    repeat (2) begin inc = 1'h0; dec = 1'h0; step; end
    repeat (3) begin inc = 1'h1; step; end
    for (n = 0; n < 1500; n = n + 1) begin
      randomize_inputs;
      step;
    end
    $display("Output %s: %0d mismatching samples, first at time %0d", "value", value_bad, value_first);
    $display("Output %s: %0d mismatching samples, first at time %0d", "at_max", at_max_bad, at_max_first);
    $display("Output %s: %0d mismatching samples, first at time %0d", "at_min", at_min_bad, at_min_first);
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end

endmodule
