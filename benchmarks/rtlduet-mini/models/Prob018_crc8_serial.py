# Reference model for Prob018_crc8_serial: a bit-serial CRC-8 (polynomial
# x^8 + x^2 + x + 1, message MSB first, initial value 0) with enable and
# synchronous reset.

POLY = 0x07


class TopModule:
    def __init__(self):
        self.crc = 0

    def outputs(self, inputs):
        return {"crc": self.crc}

    def eval(self, inputs):
        if inputs["reset"]:
            self.crc = 0
        elif inputs["en"]:
            feedback = (self.crc >> 7) ^ inputs["din"]
            self.crc = ((self.crc << 1) & 0xFF) ^ (POLY if feedback else 0)
        return {"crc": self.crc}
