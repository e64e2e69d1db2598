# Functions, bound methods and classes as values; a bound method of a
# built-in type (`"".join`, `items.append`) as a value.


def double(x: int) -> int:
    return x * 2


def square(x: int) -> int:
    return x * x


def apply_twice(f, x: int) -> int:
    return f(f(x))


def call_with(m, x: int) -> int:
    return m(x) + m(x)


class Counter:
    def __init__(self, start: int):
        self.n = start

    def add(self, k: int) -> int:
        self.n += k
        return self.n


class Red:
    def __init__(self):
        self.name = "red"


class Blue(Red):
    def __init__(self):
        self.name = "blue"


def make(cls) -> Red:
    return cls()


def entry_point(argv: list[str]) -> int:
    ops = [double, square]
    for op in ops:
        print(op(7), apply_twice(op, 3))
    table = {"d": double, "s": square}
    print(table["s"](5))
    f = double if len(argv) > 5 else square
    print(f(9))
    c = Counter(10)
    bump = c.add
    bump(1)
    bump(2)
    print(c.n, call_with(c.add, 5))
    for cls in [Red, Blue]:
        print(make(cls).name)
    joiner = "+".join
    print(joiner(["a", "b"]))
    items: list[int] = []
    push = items.append
    push(3)
    push(4)
    print(items)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
