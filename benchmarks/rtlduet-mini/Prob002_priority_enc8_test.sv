`timescale 1 ps/1 ps

// Self-checking testbench for Prob002_priority_enc8.
// Drives the same seeded random and directed inputs into RefModule and
// TopModule and counts the samples where a known reference bit differs.
module tb;

  integer seed = 12;
  integer mismatches = 0;
  integer samples = 0;
  integer n;
  integer pick;

  reg [7:0] req;
  wire [2:0] idx_ref;
  wire [2:0] idx_dut;
  integer idx_bad = 0;
  integer idx_first = 0;
  wire valid_ref;
  wire valid_dut;
  integer valid_bad = 0;
  integer valid_first = 0;

  RefModule good (
    .req(req),
    .idx(idx_ref),
    .valid(valid_ref)
  );

  TopModule dut (
    .req(req),
    .idx(idx_dut),
    .valid(valid_dut)
  );

  wire [3:0] all_ref = {idx_ref, valid_ref};
  wire [3:0] all_dut = {idx_dut, valid_dut};

  // An unknown reference bit matches anything; an unknown design bit only
  // matches an unknown reference bit.
  task sample;
    begin
      samples = samples + 1;
      if (all_ref !== (all_ref ^ all_dut ^ all_ref))
        mismatches = mismatches + 1;
      if (idx_ref !== (idx_ref ^ idx_dut ^ idx_ref)) begin
        if (idx_bad == 0)
          idx_first = $time;
        idx_bad = idx_bad + 1;
      end
      if (valid_ref !== (valid_ref ^ valid_dut ^ valid_ref)) begin
        if (valid_bad == 0)
          valid_first = $time;
        valid_bad = valid_bad + 1;
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
      if (pick == 0) req = 8'd0;
      else if (pick == 1) req = {8{1'b1}};
      else if (pick == 2) req = {1'b1, {7{1'b0}}};
      else if (pick == 3) req = {1'b0, {7{1'b1}}};
      else req = $random(seed);
    end
  endtask

  initial begin
    req = 8'h0; step;
    req = 8'h1; step;
    req = 8'h2; step;
    req = 8'h4; step;
    req = 8'h8; step;
    req = 8'h10; step;
    req = 8'h20; step;
    req = 8'h40; step;
    req = 8'h80; step;
    req = 8'hff; step;
    req = 8'h81; step;
    req = 8'h7e; step;
    req = 8'h3; step;
    for (n = 0; n < 500; n = n + 1) begin
      randomize_inputs;
      step;
    end
    $display("Output %s: %0d mismatching samples, first at time %0d", "idx", idx_bad, idx_first);
    $display("Output %s: %0d mismatching samples, first at time %0d", "valid", valid_bad, valid_first);
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end

endmodule
