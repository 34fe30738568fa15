# Eight quiet cycles in a row raise the alarm; three kicks in a row clear it.
class TopModule:
    def __init__(self):
        self.quiet, self.kicks, self.alarm = 0, 0, 0

    def outputs(self, inputs):
        return {"alarm": self.alarm}

    def eval(self, inputs):
        kick = inputs["kick"]
        if inputs["reset"]:
            self.quiet, self.kicks, self.alarm = 0, 0, 0
        elif self.alarm:
            self.kicks = self.kicks + 1 if kick else 0
            if self.kicks == 3:
                self.quiet, self.kicks, self.alarm = 0, 0, 0
        else:
            self.quiet = 0 if kick else self.quiet + 1
            if self.quiet == 8:
                self.alarm = 1
        return {"alarm": self.alarm}
