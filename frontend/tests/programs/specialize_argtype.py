# @specialize.argtype(i): one copy per argument type; @specialize.arg(i):
# one copy per constant value; @specialize.memo().
from kiln import specialize


@specialize.argtype(0)
def describe(x) -> str:
    return "<" + str(x) + ">"


@specialize.argtype(0)
def first(xs):
    return xs[0]


@specialize.arg(1)
def scale(x: int, factor: int) -> int:
    return x * factor


@specialize.memo()
def table_for(n: int) -> list[int]:
    return [i * n for i in range(4)]


def entry_point(argv: list[str]) -> int:
    print(describe(1), describe(2.5), describe("s"), describe(True))
    print(first([4, 5]), first(["a", "b"]), first([1.5]))
    print(scale(3, 2), scale(3, 10))
    print(table_for(3), table_for(5))
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
