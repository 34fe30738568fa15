# Reference model for Prob011_vending_mealy: a 30-cent vending machine taking
# 5, 10 and 25 cent coins; vend and change answer the coin of this cycle.

COIN_VALUE = {0: 0, 1: 5, 2: 10, 3: 25}
PRICE = 30


class TopModule:
    def __init__(self):
        self.credit = 0

    def _reply(self, credit, coin):
        total = credit + COIN_VALUE[coin]
        if total >= PRICE:
            return {"vend": 1, "change": total - PRICE}
        return {"vend": 0, "change": 0}

    def outputs(self, inputs):
        credit = 0 if inputs["areset"] else self.credit
        return self._reply(credit, inputs["coin"])

    def eval(self, inputs):
        if inputs["areset"]:
            self.credit = 0
        else:
            total = self.credit + COIN_VALUE[inputs["coin"]]
            self.credit = 0 if total >= PRICE else total
        # Mealy outputs after the edge: the new credit with the coin still applied.
        return self._reply(self.credit, inputs["coin"])
