# float: arithmetic, repr/str (shortest round-trip), mixed int/float,
# // and % on floats, inf and nan, conversions.


def entry_point(argv: list[str]) -> int:
    print(0.1, 0.1 + 0.2, 1.0, -0.0, 1e16, 1e-7, 123456789.125, 1.5e300 * 1e10)
    print(repr(2.5), str(3.0), 1 / 3.0)
    a = 7.5
    b = -2.0
    print(a + b, a - b, a * b, a / b, a // b, a % b, -a // 2, -a % 2)
    print(a**2, 2**0.5, 2.0**10, 4**0.5)
    print(3 + 0.5, 3 * 1.5, 10 - 0.25, 1 == 1.0, 2 < 2.5, 3.0 >= 3)
    inf = float("inf")
    nan = float("nan")
    print(inf, -inf, nan, inf > 1e308, nan == nan, nan != nan, inf - inf)
    print(float("1.5"), float("  -2e3 "), float("inf"), float(7))
    print(int(3.99), int(-3.99), int(1e18), float(10**15))
    print(abs(-2.5), min(1.5, -1.5), max(0.0, 2.25))
    total = 0.0
    for i in range(10):
        total += 0.1
    print(total, total == 1.0)
    print(9007199254740993 == 9007199254740992.0, 9007199254740992 == 9007199254740992.0)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
