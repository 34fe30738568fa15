`timescale 1 ps/1 ps

// Self-checking testbench for Prob001_majority_parity.
// Drives the same seeded random and directed inputs into RefModule and
// TopModule and counts the samples where a known reference bit differs.
module tb;

  integer seed = 11;
  integer mismatches = 0;
  integer samples = 0;
  integer n;
  integer pick;

  reg a;
  reg b;
  reg c;
  reg d;
  wire maj_ref;
  wire maj_dut;
  integer maj_bad = 0;
  integer maj_first = 0;
  wire par_ref;
  wire par_dut;
  integer par_bad = 0;
  integer par_first = 0;
  wire all_eq_ref;
  wire all_eq_dut;
  integer all_eq_bad = 0;
  integer all_eq_first = 0;

  RefModule good (
    .a(a),
    .b(b),
    .c(c),
    .d(d),
    .maj(maj_ref),
    .par(par_ref),
    .all_eq(all_eq_ref)
  );

  TopModule dut (
    .a(a),
    .b(b),
    .c(c),
    .d(d),
    .maj(maj_dut),
    .par(par_dut),
    .all_eq(all_eq_dut)
  );

  wire [2:0] all_ref = {maj_ref, par_ref, all_eq_ref};
  wire [2:0] all_dut = {maj_dut, par_dut, all_eq_dut};

  // An unknown reference bit matches anything; an unknown design bit only
  // matches an unknown reference bit.
  task sample;
    begin
      samples = samples + 1;
      if (all_ref !== (all_ref ^ all_dut ^ all_ref))
        mismatches = mismatches + 1;
      if (maj_ref !== (maj_ref ^ maj_dut ^ maj_ref)) begin
        if (maj_bad == 0)
          maj_first = $time;
        maj_bad = maj_bad + 1;
      end
      if (par_ref !== (par_ref ^ par_dut ^ par_ref)) begin
        if (par_bad == 0)
          par_first = $time;
        par_bad = par_bad + 1;
      end
      if (all_eq_ref !== (all_eq_ref ^ all_eq_dut ^ all_eq_ref)) begin
        if (all_eq_bad == 0)
          all_eq_first = $time;
        all_eq_bad = all_eq_bad + 1;
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
      a = $random(seed);
      b = $random(seed);
      c = $random(seed);
      d = $random(seed);
    end
  endtask

  initial begin
    a = 1'h0; b = 1'h0; c = 1'h0; d = 1'h0; step;
    a = 1'h0; b = 1'h0; c = 1'h0; d = 1'h1; step;
    a = 1'h0; b = 1'h0; c = 1'h1; d = 1'h0; step;
    a = 1'h0; b = 1'h0; c = 1'h1; d = 1'h1; step;
    a = 1'h0; b = 1'h1; c = 1'h0; d = 1'h0; step;
    a = 1'h0; b = 1'h1; c = 1'h0; d = 1'h1; step;
    a = 1'h0; b = 1'h1; c = 1'h1; d = 1'h0; step;
    a = 1'h0; b = 1'h1; c = 1'h1; d = 1'h1; step;
    a = 1'h1; b = 1'h0; c = 1'h0; d = 1'h0; step;
    a = 1'h1; b = 1'h0; c = 1'h0; d = 1'h1; step;
    a = 1'h1; b = 1'h0; c = 1'h1; d = 1'h0; step;
    a = 1'h1; b = 1'h0; c = 1'h1; d = 1'h1; step;
    a = 1'h1; b = 1'h1; c = 1'h0; d = 1'h0; step;
    a = 1'h1; b = 1'h1; c = 1'h0; d = 1'h1; step;
    a = 1'h1; b = 1'h1; c = 1'h1; d = 1'h0; step;
    a = 1'h1; b = 1'h1; c = 1'h1; d = 1'h1; step;
    for (n = 0; n < 200; n = n + 1) begin
      randomize_inputs;
      step;
    end
    $display("Output %s: %0d mismatching samples, first at time %0d", "maj", maj_bad, maj_first);
    $display("Output %s: %0d mismatching samples, first at time %0d", "par", par_bad, par_first);
    $display("Output %s: %0d mismatching samples, first at time %0d", "all_eq", all_eq_bad, all_eq_first);
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end

endmodule
