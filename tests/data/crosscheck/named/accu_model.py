class accu:
    """RTLLM accu: adds four 8-bit inputs, shows the sum with valid_out for one cycle."""

    def __init__(self):
        self.count = 0
        self.data_out = 0
        self.valid_out = 0

    def outputs(self, inputs):
        if inputs["rst_n"] == 0:  # asynchronous, active low: already cleared before the edge
            return {"valid_out": 0, "data_out": 0}
        return {"valid_out": self.valid_out, "data_out": self.data_out}

    def eval(self, inputs):
        if inputs["rst_n"] == 0:
            self.count, self.data_out, self.valid_out = 0, 0, 0
            return self.outputs(inputs)
        ready = (not self.valid_out) or inputs["valid_in"] == 1
        last = ready and self.count == 3
        if ready:
            first = self.count == 0
            self.data_out = inputs["data_in"] if first else (self.data_out + inputs["data_in"]) & 0x3FF
            self.count = 0 if last else self.count + 1
        self.valid_out = 1 if last else 0
        return self.outputs(inputs)
