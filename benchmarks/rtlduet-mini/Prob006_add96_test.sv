`timescale 1 ps/1 ps

// Self-checking testbench for Prob006_add96.
// Drives the same seeded random and directed inputs into RefModule and
// TopModule and counts the samples where a known reference bit differs.
module tb;

  integer seed = 16;
  integer mismatches = 0;
  integer samples = 0;
  integer n;
  integer pick;

  reg [95:0] a;
  reg [95:0] b;
  reg cin;
  wire [95:0] sum_ref;
  wire [95:0] sum_dut;
  integer sum_bad = 0;
  integer sum_first = 0;
  wire cout_ref;
  wire cout_dut;
  integer cout_bad = 0;
  integer cout_first = 0;
  wire eq_ref;
  wire eq_dut;
  integer eq_bad = 0;
  integer eq_first = 0;

  RefModule good (
    .a(a),
    .b(b),
    .cin(cin),
    .sum(sum_ref),
    .cout(cout_ref),
    .eq(eq_ref)
  );

  TopModule dut (
    .a(a),
    .b(b),
    .cin(cin),
    .sum(sum_dut),
    .cout(cout_dut),
    .eq(eq_dut)
  );

  wire [97:0] all_ref = {sum_ref, cout_ref, eq_ref};
  wire [97:0] all_dut = {sum_dut, cout_dut, eq_dut};

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
      if (cout_ref !== (cout_ref ^ cout_dut ^ cout_ref)) begin
        if (cout_bad == 0)
          cout_first = $time;
        cout_bad = cout_bad + 1;
      end
      if (eq_ref !== (eq_ref ^ eq_dut ^ eq_ref)) begin
        if (eq_bad == 0)
          eq_first = $time;
        eq_bad = eq_bad + 1;
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
      if (pick == 0) a = 96'd0;
      else if (pick == 1) a = {96{1'b1}};
      else if (pick == 2) a = {1'b1, {95{1'b0}}};
      else if (pick == 3) a = {1'b0, {95{1'b1}}};
      else a = {$random(seed), $random(seed), $random(seed)};
      pick = $random(seed) & 15;
      if (pick == 0) b = 96'd0;
      else if (pick == 1) b = {96{1'b1}};
      else if (pick == 2) b = {1'b1, {95{1'b0}}};
      else if (pick == 3) b = {1'b0, {95{1'b1}}};
      else b = {$random(seed), $random(seed), $random(seed)};
      cin = $random(seed);
    end
  endtask

  initial begin
    a = 96'hffffffffffffffffffffffff; b = 96'h0; cin = 1'h1; step;
    a = 96'hffffffffffffffffffffffff; b = 96'hffffffffffffffffffffffff; cin = 1'h1; step;
    a = 96'h800000000000000000000000; b = 96'h800000000000000000000000; cin = 1'h0; step;
    a = 96'hffffffff; b = 96'h1; cin = 1'h0; step;
    a = 96'hffffffffffffffff; b = 96'h1; cin = 1'h0; step;
    a = 96'h3039; b = 96'h3039; cin = 1'h0; step;
    a = 96'h0; b = 96'h0; cin = 1'h0; step;
    for (n = 0; n < 1000; n = n + 1) begin
      randomize_inputs;
      step;
    end
    $display("Output %s: %0d mismatching samples, first at time %0d", "sum", sum_bad, sum_first);
    $display("Output %s: %0d mismatching samples, first at time %0d", "cout", cout_bad, cout_first);
    $display("Output %s: %0d mismatching samples, first at time %0d", "eq", eq_bad, eq_first);
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end

endmodule
