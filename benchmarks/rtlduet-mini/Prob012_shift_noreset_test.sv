`timescale 1 ps/1 ps

// Self-checking testbench for Prob012_shift_noreset.
// Drives the same seeded random and directed inputs into RefModule and
// TopModule and counts the samples where a known reference bit differs.
module tb;

  reg clk = 1'b0;
  always #5 clk = ~clk;

  integer seed = 22;
  integer mismatches = 0;
  integer samples = 0;
  integer n;
  integer pick;

  reg load;
  reg shift_en;
  reg sin;
  reg [7:0] pdata;
  wire [7:0] q_ref;
  wire [7:0] q_dut;
  integer q_bad = 0;
  integer q_first = 0;
  wire sout_ref;
  wire sout_dut;
  integer sout_bad = 0;
  integer sout_first = 0;

  RefModule good (
    .clk(clk),
    .load(load),
    .shift_en(shift_en),
    .sin(sin),
    .pdata(pdata),
    .q(q_ref),
    .sout(sout_ref)
  );

  TopModule dut (
    .clk(clk),
    .load(load),
    .shift_en(shift_en),
    .sin(sin),
    .pdata(pdata),
    .q(q_dut),
    .sout(sout_dut)
  );

  wire [8:0] all_ref = {q_ref, sout_ref};
  wire [8:0] all_dut = {q_dut, sout_dut};

  // An unknown reference bit matches anything; an unknown design bit only
  // matches an unknown reference bit.
  task sample;
    begin
      samples = samples + 1;
      if (all_ref !== (all_ref ^ all_dut ^ all_ref))
        mismatches = mismatches + 1;
      if (q_ref !== (q_ref ^ q_dut ^ q_ref)) begin
        if (q_bad == 0)
          q_first = $time;
        q_bad = q_bad + 1;
      end
      if (sout_ref !== (sout_ref ^ sout_dut ^ sout_ref)) begin
        if (sout_bad == 0)
          sout_first = $time;
        sout_bad = sout_bad + 1;
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
      load = (($random(seed) & 7) == 0);
      shift_en = (($random(seed) & 3) != 0);
      sin = $random(seed);
      pick = $random(seed) & 15;
      if (pick == 0) pdata = 8'd0;
      else if (pick == 1) pdata = {8{1'b1}};
      else if (pick == 2) pdata = {1'b1, {7{1'b0}}};
      else if (pick == 3) pdata = {1'b0, {7{1'b1}}};
      else pdata = $random(seed);
    end
  endtask

  initial begin
    load = 1'h1; shift_en = 1'h0; sin = 1'h0; pdata = 8'ha5; step;
    load = 1'h0; shift_en = 1'h1; sin = 1'h1; step;
    load = 1'h0; shift_en = 1'h1; sin = 1'h0; step;
    load = 1'h0; shift_en = 1'h1; sin = 1'h1; step;
    load = 1'h0; shift_en = 1'h1; sin = 1'h1; step;
    load = 1'h0; shift_en = 1'h1; sin = 1'h0; step;
    load = 1'h0; shift_en = 1'h1; sin = 1'h0; step;
    load = 1'h0; shift_en = 1'h1; sin = 1'h1; step;
    load = 1'h0; shift_en = 1'h1; sin = 1'h1; step;
    repeat (2) begin shift_en = 1'h0; sin = 1'h1; step; end
    load = 1'h1; shift_en = 1'h1; pdata = 8'h3c; step;
    repeat (3) begin load = 1'h0; shift_en = 1'h1; sin = 1'h1; step; end
    for (n = 0; n < 1500; n = n + 1) begin
      randomize_inputs;
      step;
    end
    $display("Output %s: %0d mismatching samples, first at time %0d", "q", q_bad, q_first);
    $display("Output %s: %0d mismatching samples, first at time %0d", "sout", sout_bad, sout_first);
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end

endmodule
