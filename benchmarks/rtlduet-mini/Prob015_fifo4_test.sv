`timescale 1 ps/1 ps

// Self-checking testbench for Prob015_fifo4.
// Drives the same seeded random and directed inputs into RefModule and
// TopModule and counts the samples where a known reference bit differs.
module tb;

  reg clk = 1'b0;
  always #5 clk = ~clk;

  integer seed = 25;
  integer mismatches = 0;
  integer samples = 0;
  integer n;
  integer pick;

  reg reset;
  reg push;
  reg pop;
  reg [7:0] din;
  wire [7:0] dout_ref;
  wire [7:0] dout_dut;
  integer dout_bad = 0;
  integer dout_first = 0;
  wire empty_ref;
  wire empty_dut;
  integer empty_bad = 0;
  integer empty_first = 0;
  wire full_ref;
  wire full_dut;
  integer full_bad = 0;
  integer full_first = 0;
  wire [2:0] count_ref;
  wire [2:0] count_dut;
  integer count_bad = 0;
  integer count_first = 0;

  RefModule good (
    .clk(clk),
    .reset(reset),
    .push(push),
    .pop(pop),
    .din(din),
    .dout(dout_ref),
    .empty(empty_ref),
    .full(full_ref),
    .count(count_ref)
  );

  TopModule dut (
    .clk(clk),
    .reset(reset),
    .push(push),
    .pop(pop),
    .din(din),
    .dout(dout_dut),
    .empty(empty_dut),
    .full(full_dut),
    .count(count_dut)
  );

  wire [12:0] all_ref = {dout_ref, empty_ref, full_ref, count_ref};
  wire [12:0] all_dut = {dout_dut, empty_dut, full_dut, count_dut};

  // An unknown reference bit matches anything; an unknown design bit only
  // matches an unknown reference bit.
  task sample;
    begin
      samples = samples + 1;
      if (all_ref !== (all_ref ^ all_dut ^ all_ref))
        mismatches = mismatches + 1;
      if (dout_ref !== (dout_ref ^ dout_dut ^ dout_ref)) begin
        if (dout_bad == 0)
          dout_first = $time;
        dout_bad = dout_bad + 1;
      end
      if (empty_ref !== (empty_ref ^ empty_dut ^ empty_ref)) begin
        if (empty_bad == 0)
          empty_first = $time;
        empty_bad = empty_bad + 1;
      end
      if (full_ref !== (full_ref ^ full_dut ^ full_ref)) begin
        if (full_bad == 0)
          full_first = $time;
        full_bad = full_bad + 1;
      end
      if (count_ref !== (count_ref ^ count_dut ^ count_ref)) begin
        if (count_bad == 0)
          count_first = $time;
        count_bad = count_bad + 1;
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
      push = $random(seed);
      pop = $random(seed);
      pick = $random(seed) & 15;
      if (pick == 0) din = 8'd0;
      else if (pick == 1) din = {8{1'b1}};
      else if (pick == 2) din = {1'b1, {7{1'b0}}};
      else if (pick == 3) din = {1'b0, {7{1'b1}}};
      else din = $random(seed);
    end
  endtask

  initial begin
    repeat (2) begin reset = 1'h1; push = 1'h0; pop = 1'h0; din = 8'h0; step; end
    reset = 1'h0; push = 1'h1; pop = 1'h0; din = 8'h10; step;
    reset = 1'h0; push = 1'h1; pop = 1'h0; din = 8'h11; step;
    reset = 1'h0; push = 1'h1; pop = 1'h0; din = 8'h12; step;
    reset = 1'h0; push = 1'h1; pop = 1'h0; din = 8'h13; step;
    reset = 1'h0; push = 1'h1; pop = 1'h0; din = 8'h14; step;
    push = 1'h1; pop = 1'h1; din = 8'h77; step;
    push = 1'h0; pop = 1'h1; step;
    push = 1'h0; pop = 1'h1; step;
    push = 1'h0; pop = 1'h1; step;
    push = 1'h0; pop = 1'h1; step;
    push = 1'h0; pop = 1'h1; step;
    push = 1'h1; pop = 1'h1; din = 8'h42; step;
    push = 1'h0; pop = 1'h0; step;
    for (n = 0; n < 1500; n = n + 1) begin
      randomize_inputs;
      step;
    end
    $display("Output %s: %0d mismatching samples, first at time %0d", "dout", dout_bad, dout_first);
    $display("Output %s: %0d mismatching samples, first at time %0d", "empty", empty_bad, empty_first);
    $display("Output %s: %0d mismatching samples, first at time %0d", "full", full_bad, full_first);
    $display("Output %s: %0d mismatching samples, first at time %0d", "count", count_bad, count_first);
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end

endmodule
