module TopModule (input a, output y);
    integer fd;
    initial fd = $fopen("/etc/passwd", "r");
    assign y = a;
endmodule
