`timescale 1 ps/1 ps

// Self-checking testbench for Prob017_traffic_light.
// Drives the same seeded random and directed inputs into RefModule and
// TopModule and counts the samples where a known reference bit differs.
module tb;

  reg clk = 1'b0;
  always #5 clk = ~clk;

  integer seed = 27;
  integer mismatches = 0;
  integer samples = 0;
  integer n;
  integer pick;

  reg areset;
  reg car;
  wire [1:0] main_light_ref;
  wire [1:0] main_light_dut;
  integer main_light_bad = 0;
  integer main_light_first = 0;
  wire [1:0] side_light_ref;
  wire [1:0] side_light_dut;
  integer side_light_bad = 0;
  integer side_light_first = 0;

  RefModule good (
    .clk(clk),
    .areset(areset),
    .car(car),
    .main_light(main_light_ref),
    .side_light(side_light_ref)
  );

  TopModule dut (
    .clk(clk),
    .areset(areset),
    .car(car),
    .main_light(main_light_dut),
    .side_light(side_light_dut)
  );

  wire [3:0] all_ref = {main_light_ref, side_light_ref};
  wire [3:0] all_dut = {main_light_dut, side_light_dut};

  // An unknown reference bit matches anything; an unknown design bit only
  // matches an unknown reference bit.
  task sample;
    begin
      samples = samples + 1;
      if (all_ref !== (all_ref ^ all_dut ^ all_ref))
        mismatches = mismatches + 1;
      if (main_light_ref !== (main_light_ref ^ main_light_dut ^ main_light_ref)) begin
        if (main_light_bad == 0)
          main_light_first = $time;
        main_light_bad = main_light_bad + 1;
      end
      if (side_light_ref !== (side_light_ref ^ side_light_dut ^ side_light_ref)) begin
        if (side_light_bad == 0)
          side_light_first = $time;
        side_light_bad = side_light_bad + 1;
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
      car = $random(seed);
    end
  endtask

  initial begin
    repeat (2) begin areset = 1'h1; car = 1'h0; step; end
    repeat (6) begin areset = 1'h0; car = 1'h0; step; end
    repeat (20) begin car = 1'h1; step; end
    repeat (2) begin car = 1'h0; step; end
    car = 1'h1; step;
    repeat (4) begin car = 1'h0; step; end
    areset = 1'h1; step;
    repeat (6) begin areset = 1'h0; car = 1'h1; step; end
    for (n = 0; n < 1500; n = n + 1) begin
      randomize_inputs;
      step;
    end
    $display("Output %s: %0d mismatching samples, first at time %0d", "main_light", main_light_bad, main_light_first);
    $display("Output %s: %0d mismatching samples, first at time %0d", "side_light", side_light_bad, side_light_first);
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end

endmodule
