// Scripted wrong answer for Prob017_traffic_light (every turn): the side road stays green
// for four cycles instead of three.
module TopModule (
  input clk,
  input areset,
  input car,
  output reg [1:0] main_light,
  output reg [1:0] side_light
);

  localparam [1:0] RED = 2'd0, YELLOW = 2'd1, GREEN = 2'd2;
  localparam [1:0] MG = 2'd0, MY = 2'd1, SG = 2'd2, SY = 2'd3;
  reg [1:0] state;
  reg [1:0] t;

  always @(posedge clk, posedge areset) begin
    if (areset) begin
      state <= MG;
      t <= 2'd0;
    end else begin
      case (state)
        MG:
          if (car && t == 2'd3) begin
            state <= MY;
            t <= 2'd0;
          end else if (t != 2'd3) begin
            t <= t + 2'd1;
          end
        MY:
          if (t == 2'd1) begin
            state <= SG;
            t <= 2'd0;
          end else begin
            t <= t + 2'd1;
          end
        SG:
          if (t == 2'd3) begin
            state <= SY;
            t <= 2'd0;
          end else begin
            t <= t + 2'd1;
          end
        default:
          if (t == 2'd1) begin
            state <= MG;
            t <= 2'd0;
          end else begin
            t <= t + 2'd1;
          end
      endcase
    end
  end

  always @(*) begin
    main_light = (state == MG) ? GREEN : (state == MY) ? YELLOW : RED;
    side_light = (state == SG) ? GREEN : (state == SY) ? YELLOW : RED;
  end

endmodule
