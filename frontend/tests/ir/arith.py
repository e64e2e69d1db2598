# int and float arithmetic: floor division and modulo, true division,
# comparisons and a branch, conversions.


def sign(x: int) -> int:
    if x < 0:
        return -1
    elif x == 0:
        return 0
    return 1


def mean(a: int, b: int) -> float:
    return (a + b) / 2


def digits(n: int) -> int:
    return n // 10 % 10 + (n & 7) - (n << 2)


def entry_point(argv: list[str]) -> int:
    n = len(argv)
    print(sign(n - 2), mean(n, 4), digits(1234), float(n) * 1.5, int(2.5))
    return 0
