# __str__, __repr__, __eq__ and __hash__: used by print, str(), repr(),
# f-strings, %, ==, !=, `in`, list.index, list.remove and dict keys.


class Money:
    def __init__(self, cents: int):
        self.cents = cents

    def __str__(self) -> str:
        return "$" + str(self.cents // 100) + "." + str(self.cents % 100).zfill(2)

    def __repr__(self) -> str:
        return "Money(" + str(self.cents) + ")"

    def __eq__(self, other: "Money") -> bool:
        return self.cents == other.cents

    def __hash__(self) -> int:
        return hash(self.cents)


class Tag:
    def __init__(self, label: str):
        self.label = label

    def __repr__(self) -> str:
        return "<" + self.label + ">"


def entry_point(argv: list[str]) -> int:
    m = Money(1234)
    print(m, str(m), repr(m), f"{m}", "%s" % m)
    print([m, Money(5)])
    print(m == Money(1234), m != Money(1), m == Money(1))
    wallet = [Money(1), Money(250), Money(1234)]
    print(Money(250) in wallet, wallet.index(Money(1234)))
    wallet.remove(Money(1))
    print(wallet)
    prices: dict[Money, str] = {}
    prices[Money(99)] = "cheap"
    prices[Money(99)] = "still cheap"
    print(len(prices), prices[Money(99)])
    t = Tag("x")
    print(t, str(t), [t])
    a = Tag("same")
    b = Tag("same")
    keys: dict[Tag, int] = {a: 1, b: 2}
    print(len(keys), keys[a], keys[b], a == b, a is a)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
