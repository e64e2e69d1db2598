# A parameter has one type for all calls: `f` is a set of functions at one
# call and a bound method at another.
#
# error: 30:11
# kind: Type
# message: `f`
# message: `twice`
# origin: 29:11
# errors: 1


def twice(f, x: int) -> int:
    return f(f(x))


def inc(x: int) -> int:
    return x + 1


class Scaler:
    def __init__(self, k: int):
        self.k = k

    def apply(self, x: int) -> int:
        return x * self.k


def entry_point(argv: list[str]) -> int:
    print(twice(inc, 1))
    print(twice(Scaler(3).apply, 1))
    return 0
