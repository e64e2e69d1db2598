# Function values: a list of functions, a function passed as an argument,
# a bound method as a value, defaults and keyword arguments.


def inc(x: int) -> int:
    return x + 1


def dbl(x: int) -> int:
    return x * 2


def apply(f, x: int, times: int = 1) -> int:
    for i in range(times):
        x = f(x)
    return x


class Acc:
    def __init__(self):
        self.n = 0

    def add(self, k: int) -> None:
        self.n += k


def entry_point(argv: list[str]) -> int:
    for f in [inc, dbl]:
        print(apply(f, 3), apply(f, 3, times=2))
    a = Acc()
    add = a.add
    add(5)
    print(a.n)
    return 0
