# int: + - * // % ** unary minus, abs/min/max, comparisons, precedence,
# values near the 64-bit limits.


def show(name: str, v: int) -> None:
    print(name, v)


def entry_point(argv: list[str]) -> int:
    a = 17
    b = -5
    show("a + b", a + b)
    show("a - b", a - b)
    show("a * b", a * b)
    show("-a", -a)
    show("+b", +b)
    show("a ** 3", a**3)
    show("2 ** 62", 2**62)
    show("b ** 2", b**2)
    show("b ** 3", b**3)
    show("x ** 0", a**0)
    show("precedence", 2 + 3 * 4 - 10 // 3)
    show("parens", (2 + 3) * (4 - 10) // 3)
    show("abs(b)", abs(b))
    show("min", min(a, b))
    show("max", max(a, b, 40, -100))
    show("max big", max(9223372036854775807, 0))
    show("min small", min(-9223372036854775807 - 1, 0))
    big = 9223372036854775807
    show("big - 1", big - 1)
    show("-big - 1", -big - 1)
    print(a < b, a <= 17, a > b, a >= 18, a == 17, a != 17)
    print(1 < 2 < 3, 3 > 2 > 2, 1 <= 1 < 2 <= 2)
    total = 0
    for i in range(1, 101):
        total = total + i * i
    show("sum of squares", total)
    fact = 1
    for i in range(1, 21):
        fact *= i
    show("20!", fact)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
