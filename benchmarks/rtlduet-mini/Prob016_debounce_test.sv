`timescale 1 ps/1 ps

// Self-checking testbench for Prob016_debounce.
// Drives the same seeded random and directed inputs into RefModule and
// TopModule and counts the samples where a known reference bit differs.
module tb;

  reg clk = 1'b0;
  always #5 clk = ~clk;

  integer seed = 26;
  integer mismatches = 0;
  integer samples = 0;
  integer n;
  integer pick;

  reg reset;
  reg btn;
  wire stable_ref;
  wire stable_dut;
  integer stable_bad = 0;
  integer stable_first = 0;
  wire press_ref;
  wire press_dut;
  integer press_bad = 0;
  integer press_first = 0;

  RefModule good (
    .clk(clk),
    .reset(reset),
    .btn(btn),
    .stable(stable_ref),
    .press(press_ref)
  );

  TopModule dut (
    .clk(clk),
    .reset(reset),
    .btn(btn),
    .stable(stable_dut),
    .press(press_dut)
  );

  wire [1:0] all_ref = {stable_ref, press_ref};
  wire [1:0] all_dut = {stable_dut, press_dut};

  // An unknown reference bit matches anything; an unknown design bit only
  // matches an unknown reference bit.
  task sample;
    begin
      samples = samples + 1;
      if (all_ref !== (all_ref ^ all_dut ^ all_ref))
        mismatches = mismatches + 1;
      if (stable_ref !== (stable_ref ^ stable_dut ^ stable_ref)) begin
        if (stable_bad == 0)
          stable_first = $time;
        stable_bad = stable_bad + 1;
      end
      if (press_ref !== (press_ref ^ press_dut ^ press_ref)) begin
        if (press_bad == 0)
          press_first = $time;
        press_bad = press_bad + 1;
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
      reset = (($random(seed) & 127) == 0);
      btn = ((($random(seed) & 3) == 0) ? !btn : btn);
    end
  endtask

  initial begin
    repeat (2) begin reset = 1'h1; btn = 1'h0; step; end
    repeat (6) begin reset = 1'h0; btn = 1'h1; step; end
    repeat (2) begin btn = 1'h0; step; end
    repeat (3) begin btn = 1'h1; step; end
    repeat (6) begin btn = 1'h0; step; end
    repeat (3) begin btn = 1'h1; step; end
    btn = 1'h0; step;
    repeat (5) begin btn = 1'h1; step; end
    for (n = 0; n < 1500; n = n + 1) begin
      randomize_inputs;
      step;
    end
    $display("Output %s: %0d mismatching samples, first at time %0d", "stable", stable_bad, stable_first);
    $display("Output %s: %0d mismatching samples, first at time %0d", "press", press_bad, press_first);
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end

endmodule
