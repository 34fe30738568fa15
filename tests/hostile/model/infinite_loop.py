# eval never returns.
class TopModule:
    def eval(self, inputs):
        while True:
            pass
