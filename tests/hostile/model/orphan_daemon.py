# Leaves a daemon behind: double fork, setsid, then a long sleep with a recognisable argument.
import os


class TopModule:
    def __init__(self):
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                os.execv("/bin/sleep", ["sleep", "987654.321"])
            os._exit(0)
        os.wait()

    def eval(self, inputs):
        total = inputs["a"] + inputs["b"]
        return {"sum": total & 0xF, "carry": total >> 4}
