// Detects two ones in a row. The next state is a conditional of enum labels assigned to an
// enum-typed variable: Verilator takes it, Icarus 11 rejects it ("This assignment requires
// an explicit cast"), so the design does not port to a stricter tool.
module TopModule (
    input clk,
    input reset,
    input x,
    output z
);
    typedef enum logic [1:0] {IDLE, GOT1, GOT2} state_t;
    state_t state, next_state;
    always @* begin
        case (state)
            IDLE: next_state = x ? GOT1 : IDLE;
            GOT1: next_state = x ? GOT2 : IDLE;
            default: next_state = x ? GOT2 : IDLE;
        endcase
    end
    always @(posedge clk) begin
        if (reset) state <= IDLE;
        else state <= next_state;
    end
    assign z = state == GOT2;
endmodule
