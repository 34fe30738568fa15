module TopModule (input [1:0] a, output [7:0] y);
    reg [7:0] table_rom [0:3];
    initial $readmemh("/etc/hostname", table_rom);
    assign y = table_rom[a];
endmodule
