# eval() forgets the carry.
class TopModule:
    def eval(self, inputs):
        return {"sum": (inputs["a"] + inputs["b"]) & 0xF}
