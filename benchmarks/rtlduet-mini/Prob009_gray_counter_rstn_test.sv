`timescale 1 ps/1 ps

// Self-checking testbench for Prob009_gray_counter_rstn.
// Drives the same seeded random and directed inputs into RefModule and
// TopModule and counts the samples where a known reference bit differs.
module tb;

  reg clk = 1'b0;
  always #5 clk = ~clk;

  integer seed = 19;
  integer mismatches = 0;
  integer samples = 0;
  integer n;
  integer pick;

  reg rst_n;
  reg en;
  wire [3:0] gray_ref;
  wire [3:0] gray_dut;
  integer gray_bad = 0;
  integer gray_first = 0;
  wire last_ref;
  wire last_dut;
  integer last_bad = 0;
  integer last_first = 0;

  RefModule good (
    .clk(clk),
    .rst_n(rst_n),
    .en(en),
    .gray(gray_ref),
    .last(last_ref)
  );

  TopModule dut (
    .clk(clk),
    .rst_n(rst_n),
    .en(en),
    .gray(gray_dut),
    .last(last_dut)
  );

  wire [4:0] all_ref = {gray_ref, last_ref};
  wire [4:0] all_dut = {gray_dut, last_dut};

  // An unknown reference bit matches anything; an unknown design bit only
  // matches an unknown reference bit.
  task sample;
    begin
      samples = samples + 1;
      if (all_ref !== (all_ref ^ all_dut ^ all_ref))
        mismatches = mismatches + 1;
      if (gray_ref !== (gray_ref ^ gray_dut ^ gray_ref)) begin
        if (gray_bad == 0)
          gray_first = $time;
        gray_bad = gray_bad + 1;
      end
      if (last_ref !== (last_ref ^ last_dut ^ last_ref)) begin
        if (last_bad == 0)
          last_first = $time;
        last_bad = last_bad + 1;
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
      rst_n = (($random(seed) & 31) != 0);
      en = (($random(seed) & 3) != 0);
    end
  endtask

  initial begin
    repeat (2) begin rst_n = 1'h0; en = 1'h0; step; end
    repeat (20) begin rst_n = 1'h1; en = 1'h1; step; end
    repeat (3) begin en = 1'h0; step; end
    rst_n = 1'h0; en = 1'h1; step;
    repeat (5) begin rst_n = 1'h1; en = 1'h1; step; end
    for (n = 0; n < 1500; n = n + 1) begin
      randomize_inputs;
      step;
    end
    $display("Output %s: %0d mismatching samples, first at time %0d", "gray", gray_bad, gray_first);
    $display("Output %s: %0d mismatching samples, first at time %0d", "last", last_bad, last_first);
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end

endmodule
