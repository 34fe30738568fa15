module TopModule (input a, output y);
    import "DPI-C" function int getpid();
    assign y = a;
endmodule
