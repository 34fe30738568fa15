`timescale 1 ps/1 ps

// Self-checking testbench for Prob004_signed_alu.
// Drives the same seeded random and directed inputs into RefModule and
// TopModule and counts the samples where a known reference bit differs.
module tb;

  integer seed = 14;
  integer mismatches = 0;
  integer samples = 0;
  integer n;
  integer pick;

  reg [2:0] op;
  reg [15:0] a;
  reg [15:0] b;
  wire [15:0] y_ref;
  wire [15:0] y_dut;
  integer y_bad = 0;
  integer y_first = 0;
  wire zero_ref;
  wire zero_dut;
  integer zero_bad = 0;
  integer zero_first = 0;
  wire neg_ref;
  wire neg_dut;
  integer neg_bad = 0;
  integer neg_first = 0;

  RefModule good (
    .op(op),
    .a(a),
    .b(b),
    .y(y_ref),
    .zero(zero_ref),
    .neg(neg_ref)
  );

  TopModule dut (
    .op(op),
    .a(a),
    .b(b),
    .y(y_dut),
    .zero(zero_dut),
    .neg(neg_dut)
  );

  wire [17:0] all_ref = {y_ref, zero_ref, neg_ref};
  wire [17:0] all_dut = {y_dut, zero_dut, neg_dut};

  // An unknown reference bit matches anything; an unknown design bit only
  // matches an unknown reference bit.
  task sample;
    begin
      samples = samples + 1;
      if (all_ref !== (all_ref ^ all_dut ^ all_ref))
        mismatches = mismatches + 1;
      if (y_ref !== (y_ref ^ y_dut ^ y_ref)) begin
        if (y_bad == 0)
          y_first = $time;
        y_bad = y_bad + 1;
      end
      if (zero_ref !== (zero_ref ^ zero_dut ^ zero_ref)) begin
        if (zero_bad == 0)
          zero_first = $time;
        zero_bad = zero_bad + 1;
      end
      if (neg_ref !== (neg_ref ^ neg_dut ^ neg_ref)) begin
        if (neg_bad == 0)
          neg_first = $time;
        neg_bad = neg_bad + 1;
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
      if (pick == 0) op = 3'd0;
      else if (pick == 1) op = {3{1'b1}};
      else if (pick == 2) op = {1'b1, {2{1'b0}}};
      else if (pick == 3) op = {1'b0, {2{1'b1}}};
      else op = $random(seed);
      pick = $random(seed) & 15;
      if (pick == 0) a = 16'd0;
      else if (pick == 1) a = {16{1'b1}};
      else if (pick == 2) a = {1'b1, {15{1'b0}}};
      else if (pick == 3) a = {1'b0, {15{1'b1}}};
      else a = $random(seed);
      pick = $random(seed) & 15;
      if (pick == 0) b = 16'd0;
      else if (pick == 1) b = {16{1'b1}};
      else if (pick == 2) b = {1'b1, {15{1'b0}}};
      else if (pick == 3) b = {1'b0, {15{1'b1}}};
      else b = $random(seed);
    end
  endtask

  initial begin
    op = 3'h0; a = 16'h7fff; b = 16'h1; step;
    op = 3'h0; a = 16'h8000; b = 16'hffff; step;
    op = 3'h0; a = 16'h8000; b = 16'h1; step;
    op = 3'h0; a = 16'h5; b = 16'hfffd; step;
    op = 3'h0; a = 16'hfff9; b = 16'h2; step;
    op = 3'h0; a = 16'hffff; b = 16'hf; step;
    op = 3'h0; a = 16'h1234; b = 16'h1234; step;
    op = 3'h0; a = 16'hfed4; b = 16'hc8; step;
    op = 3'h1; a = 16'h7fff; b = 16'h1; step;
    op = 3'h1; a = 16'h8000; b = 16'hffff; step;
    op = 3'h1; a = 16'h8000; b = 16'h1; step;
    op = 3'h1; a = 16'h5; b = 16'hfffd; step;
    op = 3'h1; a = 16'hfff9; b = 16'h2; step;
    op = 3'h1; a = 16'hffff; b = 16'hf; step;
    op = 3'h1; a = 16'h1234; b = 16'h1234; step;
    op = 3'h1; a = 16'hfed4; b = 16'hc8; step;
    op = 3'h2; a = 16'h7fff; b = 16'h1; step;
    op = 3'h2; a = 16'h8000; b = 16'hffff; step;
    op = 3'h2; a = 16'h8000; b = 16'h1; step;
    op = 3'h2; a = 16'h5; b = 16'hfffd; step;
    op = 3'h2; a = 16'hfff9; b = 16'h2; step;
    op = 3'h2; a = 16'hffff; b = 16'hf; step;
    op = 3'h2; a = 16'h1234; b = 16'h1234; step;
    op = 3'h2; a = 16'hfed4; b = 16'hc8; step;
    op = 3'h3; a = 16'h7fff; b = 16'h1; step;
    op = 3'h3; a = 16'h8000; b = 16'hffff; step;
    op = 3'h3; a = 16'h8000; b = 16'h1; step;
    op = 3'h3; a = 16'h5; b = 16'hfffd; step;
    op = 3'h3; a = 16'hfff9; b = 16'h2; step;
    op = 3'h3; a = 16'hffff; b = 16'hf; step;
    op = 3'h3; a = 16'h1234; b = 16'h1234; step;
    op = 3'h3; a = 16'hfed4; b = 16'hc8; step;
    op = 3'h4; a = 16'h7fff; b = 16'h1; step;
    op = 3'h4; a = 16'h8000; b = 16'hffff; step;
    op = 3'h4; a = 16'h8000; b = 16'h1; step;
    op = 3'h4; a = 16'h5; b = 16'hfffd; step;
    op = 3'h4; a = 16'hfff9; b = 16'h2; step;
    op = 3'h4; a = 16'hffff; b = 16'hf; step;
    op = 3'h4; a = 16'h1234; b = 16'h1234; step;
    op = 3'h4; a = 16'hfed4; b = 16'hc8; step;
    op = 3'h5; a = 16'h7fff; b = 16'h1; step;
    op = 3'h5; a = 16'h8000; b = 16'hffff; step;
    op = 3'h5; a = 16'h8000; b = 16'h1; step;
    op = 3'h5; a = 16'h5; b = 16'hfffd; step;
    op = 3'h5; a = 16'hfff9; b = 16'h2; step;
    op = 3'h5; a = 16'hffff; b = 16'hf; step;
    op = 3'h5; a = 16'h1234; b = 16'h1234; step;
    op = 3'h5; a = 16'hfed4; b = 16'hc8; step;
    op = 3'h6; a = 16'h7fff; b = 16'h1; step;
    op = 3'h6; a = 16'h8000; b = 16'hffff; step;
    op = 3'h6; a = 16'h8000; b = 16'h1; step;
    op = 3'h6; a = 16'h5; b = 16'hfffd; step;
    op = 3'h6; a = 16'hfff9; b = 16'h2; step;
    op = 3'h6; a = 16'hffff; b = 16'hf; step;
    op = 3'h6; a = 16'h1234; b = 16'h1234; step;
    op = 3'h6; a = 16'hfed4; b = 16'hc8; step;
    op = 3'h7; a = 16'h7fff; b = 16'h1; step;
    op = 3'h7; a = 16'h8000; b = 16'hffff; step;
    op = 3'h7; a = 16'h8000; b = 16'h1; step;
    op = 3'h7; a = 16'h5; b = 16'hfffd; step;
    op = 3'h7; a = 16'hfff9; b = 16'h2; step;
    op = 3'h7; a = 16'hffff; b = 16'hf; step;
    op = 3'h7; a = 16'h1234; b = 16'h1234; step;
    op = 3'h7; a = 16'hfed4; b = 16'hc8; step;
    for (n = 0; n < 1500; n = n + 1) begin
      randomize_inputs;
      step;
    end
    $display("Output %s: %0d mismatching samples, first at time %0d", "y", y_bad, y_first);
    $display("Output %s: %0d mismatching samples, first at time %0d", "zero", zero_bad, zero_first);
    $display("Output %s: %0d mismatching samples, first at time %0d", "neg", neg_bad, neg_first);
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end

endmodule
