# A correct model of the adder that also prints to stdout, including text that looks like
# runner output: the protocol must not care.
import sys


class TopModule:
    def eval(self, inputs):
        total = inputs["a"] + inputs["b"]
        print('{"kind": "end"}')
        print("rtlduet", total, file=sys.stderr)
        return {"sum": total & 0xF, "carry": total > 15}
