`timescale 1 ps/1 ps

// Self-checking testbench for Prob005_bitops128.
// Drives the same seeded random and directed inputs into RefModule and
// TopModule and counts the samples where a known reference bit differs.
module tb;

  integer seed = 15;
  integer mismatches = 0;
  integer samples = 0;
  integer n;
  integer pick;

  reg [127:0] in;
  reg [1:0] mode;
  wire [127:0] out_ref;
  wire [127:0] out_dut;
  integer out_bad = 0;
  integer out_first = 0;
  wire parity_ref;
  wire parity_dut;
  integer parity_bad = 0;
  integer parity_first = 0;

  RefModule good (
    .in(in),
    .mode(mode),
    .out(out_ref),
    .parity(parity_ref)
  );

  TopModule dut (
    .in(in),
    .mode(mode),
    .out(out_dut),
    .parity(parity_dut)
  );

  wire [128:0] all_ref = {out_ref, parity_ref};
  wire [128:0] all_dut = {out_dut, parity_dut};

  // An unknown reference bit matches anything; an unknown design bit only
  // matches an unknown reference bit.
  task sample;
    begin
      samples = samples + 1;
      if (all_ref !== (all_ref ^ all_dut ^ all_ref))
        mismatches = mismatches + 1;
      if (out_ref !== (out_ref ^ out_dut ^ out_ref)) begin
        if (out_bad == 0)
          out_first = $time;
        out_bad = out_bad + 1;
      end
      if (parity_ref !== (parity_ref ^ parity_dut ^ parity_ref)) begin
        if (parity_bad == 0)
          parity_first = $time;
        parity_bad = parity_bad + 1;
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
      if (pick == 0) in = 128'd0;
      else if (pick == 1) in = {128{1'b1}};
      else if (pick == 2) in = {1'b1, {127{1'b0}}};
      else if (pick == 3) in = {1'b0, {127{1'b1}}};
      else in = {$random(seed), $random(seed), $random(seed), $random(seed)};
      pick = $random(seed) & 15;
      if (pick == 0) mode = 2'd0;
      else if (pick == 1) mode = {2{1'b1}};
      else if (pick == 2) mode = {1'b1, {1{1'b0}}};
      else if (pick == 3) mode = {1'b0, {1{1'b1}}};
      else mode = $random(seed);
    end
  endtask

  initial begin
    in = 128'h123456789abcdeffedcba9876543210; mode = 2'h0; step;
    in = 128'h123456789abcdeffedcba9876543210; mode = 2'h1; step;
    in = 128'h123456789abcdeffedcba9876543210; mode = 2'h2; step;
    in = 128'h123456789abcdeffedcba9876543210; mode = 2'h3; step;
    in = 128'h1; mode = 2'h0; step;
    in = 128'h1; mode = 2'h1; step;
    in = 128'h1; mode = 2'h2; step;
    in = 128'h1; mode = 2'h3; step;
    in = 128'h80000000000000000000000000000000; mode = 2'h0; step;
    in = 128'h80000000000000000000000000000000; mode = 2'h1; step;
    in = 128'h80000000000000000000000000000000; mode = 2'h2; step;
    in = 128'h80000000000000000000000000000000; mode = 2'h3; step;
    in = 128'hffffffffffffffffffffffffffffffff; mode = 2'h0; step;
    in = 128'hffffffffffffffffffffffffffffffff; mode = 2'h1; step;
    in = 128'hffffffffffffffffffffffffffffffff; mode = 2'h2; step;
    in = 128'hffffffffffffffffffffffffffffffff; mode = 2'h3; step;
    in = 128'h0; mode = 2'h0; step;
    in = 128'h0; mode = 2'h1; step;
    in = 128'h0; mode = 2'h2; step;
    in = 128'h0; mode = 2'h3; step;
    for (n = 0; n < 800; n = n + 1) begin
      randomize_inputs;
      step;
    end
    $display("Output %s: %0d mismatching samples, first at time %0d", "out", out_bad, out_first);
    $display("Output %s: %0d mismatching samples, first at time %0d", "parity", parity_bad, parity_first);
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end

endmodule
