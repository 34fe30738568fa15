# Combinational sum, parity and mux.
class TopModule:
    def eval(self, inputs):
        a, b = inputs["a"], inputs["b"]
        return {
            "sum": a + b,
            "parity": bin(a).count("1") & 1,
            "pick": b if inputs["sel"] else a,
        }
