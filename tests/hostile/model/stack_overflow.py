# Raises the recursion limit and makes the interpreter recurse in C (repr of a deeply nested
# list) until the C stack overflows: a segfault, not a Python exception.
import sys


class TopModule:
    def __init__(self):
        sys.setrecursionlimit(10 ** 8)
        nested = []
        for _ in range(10 ** 6):
            nested = [nested]
        repr(nested)

    def eval(self, inputs):
        return {"sum": 0, "carry": 0}
