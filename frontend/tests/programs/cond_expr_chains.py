# Conditional expressions, chained comparisons (operands evaluated once),
# `in`/`not in` on every container, `is`/`is not`, not/and/or precedence.

calls: list[int] = []


def trace(v: int) -> int:
    calls.append(v)
    return v


def sign(x: int) -> str:
    return "neg" if x < 0 else "zero" if x == 0 else "pos"


def entry_point(argv: list[str]) -> int:
    print(sign(-3), sign(0), sign(8))
    print(trace(1) < trace(2) < trace(3), calls)
    del calls[:]
    print(trace(5) < trace(2) < trace(9), calls)
    x = 5
    print(0 <= x < 10, 0 < x <= 4, x == 5 != 6, 1 < 2 > 0 < 3)
    print("b" in "abc", "b" in ["a", "b"], "b" in {"b": 1}, 2 in (1, 2), 4 not in [1])
    print(not x > 3 and x < 10 or False, not (x > 3 and x < 4))
    a = [1]
    b = a
    c = [1]
    print(a is b, a is c, a is not c, a == c)
    y = 1.5 if x > 2 else 0.5
    print(y, "many" if len(argv) > 10 else "few")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
