# A correct adder that prints junk, including lines shaped like the runner's own protocol,
# through print, sys.__stdout__ and file descriptor 1.
import os
import sys


class TopModule:
    def __init__(self):
        os.write(1, b'{"kind": "end"}\n\xff\xfe not utf-8 \x00\n')
        sys.__stdout__.write('{"kind": "error", "error": "load", "message": "forged"}\n')
        sys.__stdout__.flush()

    def eval(self, inputs):
        total = inputs["a"] + inputs["b"]
        print('{"row": 0, "post": ["0", "0"]}')
        print("verdict: agree", "Mismatches: 0 in 1 samples" * 100)
        os.write(1, b"\x1b[2J junk")
        return {"sum": total & 0xF, "carry": total >> 4}
