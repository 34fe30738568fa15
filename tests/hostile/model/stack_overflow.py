# Raises the recursion limit and recurses until the C stack overflows (a segfault).
import sys


def dive(depth):
    return dive(depth + 1) + 1


class TopModule:
    def __init__(self):
        sys.setrecursionlimit(10 ** 8)
        dive(0)

    def eval(self, inputs):
        return {"sum": 0, "carry": 0}
