`timescale 1 ps/1 ps

// Self-checking testbench for Prob011_vending_mealy.
// Drives the same seeded random and directed inputs into RefModule and
// TopModule and counts the samples where a known reference bit differs.
module tb;

  reg clk = 1'b0;
  always #5 clk = ~clk;

  integer seed = 21;
  integer mismatches = 0;
  integer samples = 0;
  integer n;
  integer pick;

  reg areset;
  reg [1:0] coin;
  wire vend_ref;
  wire vend_dut;
  integer vend_bad = 0;
  integer vend_first = 0;
  wire [4:0] change_ref;
  wire [4:0] change_dut;
  integer change_bad = 0;
  integer change_first = 0;

  RefModule good (
    .clk(clk),
    .areset(areset),
    .coin(coin),
    .vend(vend_ref),
    .change(change_ref)
  );

  TopModule dut (
    .clk(clk),
    .areset(areset),
    .coin(coin),
    .vend(vend_dut),
    .change(change_dut)
  );

  wire [5:0] all_ref = {vend_ref, change_ref};
  wire [5:0] all_dut = {vend_dut, change_dut};

  // An unknown reference bit matches anything; an unknown design bit only
  // matches an unknown reference bit.
  task sample;
    begin
      samples = samples + 1;
      if (all_ref !== (all_ref ^ all_dut ^ all_ref))
        mismatches = mismatches + 1;
      if (vend_ref !== (vend_ref ^ vend_dut ^ vend_ref)) begin
        if (vend_bad == 0)
          vend_first = $time;
        vend_bad = vend_bad + 1;
      end
      if (change_ref !== (change_ref ^ change_dut ^ change_ref)) begin
        if (change_bad == 0)
          change_first = $time;
        change_bad = change_bad + 1;
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
      pick = $random(seed) & 15;
      if (pick == 0) coin = 2'd0;
      else if (pick == 1) coin = {2{1'b1}};
      else if (pick == 2) coin = {1'b1, {1{1'b0}}};
      else if (pick == 3) coin = {1'b0, {1{1'b1}}};
      else coin = $random(seed);
    end
  endtask

  initial begin
    repeat (2) begin areset = 1'h1; coin = 2'h0; step; end
    areset = 1'h0; coin = 2'h3; step;
    areset = 1'h0; coin = 2'h1; step;
    areset = 1'h0; coin = 2'h3; step;
    areset = 1'h0; coin = 2'h3; step;
    areset = 1'h0; coin = 2'h1; step;
    areset = 1'h0; coin = 2'h1; step;
    areset = 1'h0; coin = 2'h1; step;
    areset = 1'h0; coin = 2'h1; step;
    areset = 1'h0; coin = 2'h1; step;
    areset = 1'h0; coin = 2'h1; step;
    areset = 1'h0; coin = 2'h2; step;
    areset = 1'h0; coin = 2'h2; step;
    areset = 1'h0; coin = 2'h2; step;
    areset = 1'h0; coin = 2'h2; step;
    areset = 1'h0; coin = 2'h3; step;
    areset = 1'h0; coin = 2'h0; step;
    areset = 1'h0; coin = 2'h0; step;
    areset = 1'h0; coin = 2'h3; step;
    areset = 1'h0; coin = 2'h2; step;
    areset = 1'h0; coin = 2'h1; step;
    areset = 1'h0; coin = 2'h3; step;
    coin = 2'h1; step;
    areset = 1'h1; coin = 2'h3; step;
    areset = 1'h0; coin = 2'h3; step;
    coin = 2'h3; step;
    for (n = 0; n < 1500; n = n + 1) begin
      randomize_inputs;
      step;
    end
    $display("Output %s: %0d mismatching samples, first at time %0d", "vend", vend_bad, vend_first);
    $display("Output %s: %0d mismatching samples, first at time %0d", "change", change_bad, change_first);
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end

endmodule
