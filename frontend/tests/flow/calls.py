import math


class Base:
    def __init__(self, x: int):
        self.x = x

    def describe(self) -> str:
        return "base"


class Derived(Base):
    def __init__(self, x: int, y: int):
        super().__init__(x)
        self.y = y

    def describe(self) -> str:
        return Base.describe(self) + "!"


def calls(xs: list[int]) -> None:
    print(1, 2, sep="-", end="\n")
    xs.append(len(xs))
    print(math.sqrt(2.0), "".join(["a", "b"]))
    f = print
    f("value")
