# eval() calls sys.exit.
import sys


class TopModule:
    def eval(self, inputs):
        sys.exit(0)
