// The delay line: submodules first, as a Verilator user would list them.
stages.v
delay_line.v   # the top
