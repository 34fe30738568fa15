`timescale 1 ps/1 ps

// Self-checking testbench for Prob003_sat_add_s8.
// Drives the same seeded random and directed inputs into RefModule and
// TopModule and counts the samples where a known reference bit differs.
module tb;

  integer seed = 13;
  integer mismatches = 0;
  integer samples = 0;
  integer n;
  integer pick;

  reg [7:0] a;
  reg [7:0] b;
  wire [7:0] sum_ref;
  wire [7:0] sum_dut;
  integer sum_bad = 0;
  integer sum_first = 0;
  wire sat_ref;
  wire sat_dut;
  integer sat_bad = 0;
  integer sat_first = 0;

  RefModule good (
    .a(a),
    .b(b),
    .sum(sum_ref),
    .sat(sat_ref)
  );

  TopModule dut (
    .a(a),
    .b(b),
    .sum(sum_dut),
    .sat(sat_dut)
  );

  wire [8:0] all_ref = {sum_ref, sat_ref};
  wire [8:0] all_dut = {sum_dut, sat_dut};

  // An unknown reference bit matches anything; an unknown design bit only
  // matches an unknown reference bit.
  task sample;
    begin
      samples = samples + 1;
      if (all_ref !== (all_ref ^ all_dut ^ all_ref))
        mismatches = mismatches + 1;
      if (sum_ref !== (sum_ref ^ sum_dut ^ sum_ref)) begin
        if (sum_bad == 0)
          sum_first = $time;
        sum_bad = sum_bad + 1;
      end
      if (sat_ref !== (sat_ref ^ sat_dut ^ sat_ref)) begin
        if (sat_bad == 0)
          sat_first = $time;
        sat_bad = sat_bad + 1;
      end
    end
  endtask

  task step;
    begin
      #5 sample;
      #5;
    end
  endtask

  task randomize_inputs;
    begin
      pick = $random(seed) & 15;
      if (pick == 0) a = 8'd0;
      else if (pick == 1) a = {8{1'b1}};
      else if (pick == 2) a = {1'b1, {7{1'b0}}};
      else if (pick == 3) a = {1'b0, {7{1'b1}}};
      else a = $random(seed);
      pick = $random(seed) & 15;
      if (pick == 0) b = 8'd0;
      else if (pick == 1) b = {8{1'b1}};
      else if (pick == 2) b = {1'b1, {7{1'b0}}};
      else if (pick == 3) b = {1'b0, {7{1'b1}}};
      else b = $random(seed);
    end
  endtask

  initial begin
    a = 8'h7f; b = 8'h1; step;
    a = 8'h80; b = 8'hff; step;
    a = 8'h7f; b = 8'h7f; step;
    a = 8'h80; b = 8'h80; step;
    a = 8'h64; b = 8'h1b; step;
    a = 8'h64; b = 8'h1c; step;
    a = 8'h9c; b = 8'he4; step;
    a = 8'h9c; b = 8'he3; step;
    a = 8'h0; b = 8'h0; step;
    a = 8'hff; b = 8'h1; step;
    a = 8'h40; b = 8'h40; step;
    a = 8'hc0; b = 8'hbf; step;
    for (n = 0; n < 1000; n = n + 1) begin
      randomize_inputs;
      step;
    end
    $display("Output %s: %0d mismatching samples, first at time %0d", "sum", sum_bad, sum_first);
    $display("Output %s: %0d mismatching samples, first at time %0d", "sat", sat_bad, sat_first);
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end

endmodule
