# Scripted wrong model for Prob018_crc8_serial (turn 1): the feedback bit is din alone, the
# XOR with crc[7] is missing. The feedback of turn 1 makes the model writer fix it.

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
            self.crc = ((self.crc << 1) & 0xFF) ^ (POLY if inputs["din"] else 0)
        return {"crc": self.crc}
