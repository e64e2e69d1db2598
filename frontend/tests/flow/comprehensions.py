def simple(xs: list[int]) -> list[int]:
    return [x * 2 for x in xs]


def filtered(n: int) -> list[int]:
    return [i for i in range(n) if i % 2 == 0 if i > 2]


def pairs(xs: list[int], ys: list[str]) -> list[str]:
    return [str(x) + y for x in xs for y in ys]


def nested(n: int) -> list[list[int]]:
    return [[0] * n for k in range(n)]


def no_leak(x: int) -> int:
    # The comprehension's `x` is its own; the parameter is unchanged.
    squares = [x * x for x in range(3)]
    return x + len(squares)
