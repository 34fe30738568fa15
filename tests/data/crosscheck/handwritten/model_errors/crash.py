# eval() kills its own process.
import os
import signal


class TopModule:
    def eval(self, inputs):
        os.kill(os.getpid(), signal.SIGKILL)
