# eval() returns a list.
class TopModule:
    def eval(self, inputs):
        return [0, 0]
