# Every process forks as fast as it can for two seconds, ignoring failures; the children
# then leave and the original process behaves. The process limit must hold the count down
# and the run must still finish.
import os
import time


class TopModule:
    def __init__(self):
        root = os.getpid()
        end = time.monotonic() + 2.0
        while time.monotonic() < end:
            try:
                os.fork()
            except OSError:
                pass
        if os.getpid() != root:
            os._exit(0)

    def eval(self, inputs):
        total = inputs["a"] + inputs["b"]
        return {"sum": total & 0xF, "carry": total >> 4}
