`timescale 1 ps/1 ps

// Self-checking testbench for Prob013_regfile8x8.
// Drives the same seeded random and directed inputs into RefModule and
// TopModule and counts the samples where a known reference bit differs.
module tb;

  reg clk = 1'b0;
  always #5 clk = ~clk;

  integer seed = 23;
  integer mismatches = 0;
  integer samples = 0;
  integer n;
  integer pick;

  reg resetn;
  reg we;
  reg [2:0] waddr;
  reg [7:0] wdata;
  reg [2:0] raddr_a;
  reg [2:0] raddr_b;
  wire [7:0] rdata_a_ref;
  wire [7:0] rdata_a_dut;
  integer rdata_a_bad = 0;
  integer rdata_a_first = 0;
  wire [7:0] rdata_b_ref;
  wire [7:0] rdata_b_dut;
  integer rdata_b_bad = 0;
  integer rdata_b_first = 0;

  RefModule good (
    .clk(clk),
    .resetn(resetn),
    .we(we),
    .waddr(waddr),
    .wdata(wdata),
    .raddr_a(raddr_a),
    .raddr_b(raddr_b),
    .rdata_a(rdata_a_ref),
    .rdata_b(rdata_b_ref)
  );

  TopModule dut (
    .clk(clk),
    .resetn(resetn),
    .we(we),
    .waddr(waddr),
    .wdata(wdata),
    .raddr_a(raddr_a),
    .raddr_b(raddr_b),
    .rdata_a(rdata_a_dut),
    .rdata_b(rdata_b_dut)
  );

  wire [15:0] all_ref = {rdata_a_ref, rdata_b_ref};
  wire [15:0] all_dut = {rdata_a_dut, rdata_b_dut};

  // An unknown reference bit matches anything; an unknown design bit only
  // matches an unknown reference bit.
  task sample;
    begin
      samples = samples + 1;
      if (all_ref !== (all_ref ^ all_dut ^ all_ref))
        mismatches = mismatches + 1;
      if (rdata_a_ref !== (rdata_a_ref ^ rdata_a_dut ^ rdata_a_ref)) begin
        if (rdata_a_bad == 0)
          rdata_a_first = $time;
        rdata_a_bad = rdata_a_bad + 1;
      end
      if (rdata_b_ref !== (rdata_b_ref ^ rdata_b_dut ^ rdata_b_ref)) begin
        if (rdata_b_bad == 0)
          rdata_b_first = $time;
        rdata_b_bad = rdata_b_bad + 1;
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
      resetn = (($random(seed) & 63) != 0);
      we = (($random(seed) & 3) != 0);
      pick = $random(seed) & 15;
      if (pick == 0) waddr = 3'd0;
      else if (pick == 1) waddr = {3{1'b1}};
      else if (pick == 2) waddr = {1'b1, {2{1'b0}}};
      else if (pick == 3) waddr = {1'b0, {2{1'b1}}};
      else waddr = $random(seed);
      pick = $random(seed) & 15;
      if (pick == 0) wdata = 8'd0;
      else if (pick == 1) wdata = {8{1'b1}};
      else if (pick == 2) wdata = {1'b1, {7{1'b0}}};
      else if (pick == 3) wdata = {1'b0, {7{1'b1}}};
      else wdata = $random(seed);
      pick = $random(seed) & 15;
      if (pick == 0) raddr_a = 3'd0;
      else if (pick == 1) raddr_a = {3{1'b1}};
      else if (pick == 2) raddr_a = {1'b1, {2{1'b0}}};
      else if (pick == 3) raddr_a = {1'b0, {2{1'b1}}};
      else raddr_a = $random(seed);
      pick = $random(seed) & 15;
      if (pick == 0) raddr_b = 3'd0;
      else if (pick == 1) raddr_b = {3{1'b1}};
      else if (pick == 2) raddr_b = {1'b1, {2{1'b0}}};
      else if (pick == 3) raddr_b = {1'b0, {2{1'b1}}};
      else raddr_b = $random(seed);
    end
  endtask

  initial begin
    repeat (2) begin resetn = 1'h0; we = 1'h0; waddr = 3'h0; wdata = 8'h0; raddr_a = 3'h0; raddr_b = 3'h1; step; end
    resetn = 1'h1; we = 1'h1; waddr = 3'h0; wdata = 8'h5; raddr_a = 3'h0; raddr_b = 3'h7; step;
    resetn = 1'h1; we = 1'h1; waddr = 3'h1; wdata = 8'h2a; raddr_a = 3'h1; raddr_b = 3'h0; step;
    resetn = 1'h1; we = 1'h1; waddr = 3'h2; wdata = 8'h4f; raddr_a = 3'h2; raddr_b = 3'h1; step;
    resetn = 1'h1; we = 1'h1; waddr = 3'h3; wdata = 8'h74; raddr_a = 3'h3; raddr_b = 3'h2; step;
    resetn = 1'h1; we = 1'h1; waddr = 3'h4; wdata = 8'h99; raddr_a = 3'h4; raddr_b = 3'h3; step;
    resetn = 1'h1; we = 1'h1; waddr = 3'h5; wdata = 8'hbe; raddr_a = 3'h5; raddr_b = 3'h4; step;
    resetn = 1'h1; we = 1'h1; waddr = 3'h6; wdata = 8'he3; raddr_a = 3'h6; raddr_b = 3'h5; step;
    resetn = 1'h1; we = 1'h1; waddr = 3'h7; wdata = 8'h8; raddr_a = 3'h7; raddr_b = 3'h6; step;
    we = 1'h0; raddr_a = 3'h0; raddr_b = 3'h7; step;
    we = 1'h0; raddr_a = 3'h1; raddr_b = 3'h6; step;
    we = 1'h0; raddr_a = 3'h2; raddr_b = 3'h5; step;
    we = 1'h0; raddr_a = 3'h3; raddr_b = 3'h4; step;
    we = 1'h0; raddr_a = 3'h4; raddr_b = 3'h3; step;
    we = 1'h0; raddr_a = 3'h5; raddr_b = 3'h2; step;
    we = 1'h0; raddr_a = 3'h6; raddr_b = 3'h1; step;
    we = 1'h0; raddr_a = 3'h7; raddr_b = 3'h0; step;
    resetn = 1'h0; we = 1'h1; waddr = 3'h3; wdata = 8'h99; step;
    resetn = 1'h1; we = 1'h0; raddr_a = 3'h3; raddr_b = 3'h2; step;
    for (n = 0; n < 1500; n = n + 1) begin
      randomize_inputs;
      step;
    end
    $display("Output %s: %0d mismatching samples, first at time %0d", "rdata_a", rdata_a_bad, rdata_a_first);
    $display("Output %s: %0d mismatching samples, first at time %0d", "rdata_b", rdata_b_bad, rdata_b_first);
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end

endmodule
