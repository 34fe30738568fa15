`timescale 1 ps/1 ps

// Self-checking testbench for Prob018_crc8_serial.
// Drives the same seeded random and directed inputs into RefModule and
// TopModule and counts the samples where a known reference bit differs.
module tb;

  reg clk = 1'b0;
  always #5 clk = ~clk;

  integer seed = 28;
  integer mismatches = 0;
  integer samples = 0;
  integer n;
  integer pick;

  reg reset;
  reg en;
  reg din;
  wire [7:0] crc_ref;
  wire [7:0] crc_dut;
  integer crc_bad = 0;
  integer crc_first = 0;

  RefModule good (
    .clk(clk),
    .reset(reset),
    .en(en),
    .din(din),
    .crc(crc_ref)
  );

  TopModule dut (
    .clk(clk),
    .reset(reset),
    .en(en),
    .din(din),
    .crc(crc_dut)
  );

  wire [7:0] all_ref = {crc_ref};
  wire [7:0] all_dut = {crc_dut};

  // An unknown reference bit matches anything; an unknown design bit only
  // matches an unknown reference bit.
  task sample;
    begin
      samples = samples + 1;
      if (all_ref !== (all_ref ^ all_dut ^ all_ref))
        mismatches = mismatches + 1;
      if (crc_ref !== (crc_ref ^ crc_dut ^ crc_ref)) begin
        if (crc_bad == 0)
          crc_first = $time;
        crc_bad = crc_bad + 1;
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
      din = $random(seed);
    end
  endtask

  initial begin
    repeat (2) begin reset = 1'h1; en = 1'h0; din = 1'h0; step; end
    reset = 1'h0; en = 1'h1; din = 1'h0; step;
    reset = 1'h0; en = 1'h1; din = 1'h0; step;
    reset = 1'h0; en = 1'h1; din = 1'h1; step;
    reset = 1'h0; en = 1'h1; din = 1'h1; step;
    reset = 1'h0; en = 1'h1; din = 1'h0; step;
    reset = 1'h0; en = 1'h1; din = 1'h0; step;
    reset = 1'h0; en = 1'h1; din = 1'h0; step;
    reset = 1'h0; en = 1'h1; din = 1'h1; step;
    reset = 1'h0; en = 1'h1; din = 1'h0; step;
    reset = 1'h0; en = 1'h1; din = 1'h0; step;
    reset = 1'h0; en = 1'h1; din = 1'h1; step;
    reset = 1'h0; en = 1'h1; din = 1'h1; step;
    reset = 1'h0; en = 1'h1; din = 1'h0; step;
    reset = 1'h0; en = 1'h1; din = 1'h0; step;
    reset = 1'h0; en = 1'h1; din = 1'h1; step;
    reset = 1'h0; en = 1'h1; din = 1'h0; step;
    repeat (3) begin en = 1'h0; din = 1'h1; step; end
    for (n = 0; n < 1500; n = n + 1) begin
      randomize_inputs;
      step;
    end
    $display("Output %s: %0d mismatching samples, first at time %0d", "crc", crc_bad, crc_first);
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end

endmodule
