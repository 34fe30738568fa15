# A syntax error.
class TopModule:
    def eval(self, inputs)
        return {}
