# int // and % with Python's floor semantics for every sign combination,
# divmod, true division of ints.


def entry_point(argv: list[str]) -> int:
    pairs = [(7, 2), (-7, 2), (7, -2), (-7, -2), (6, 3), (-6, 3), (0, 5), (1, 7)]
    for p in pairs:
        a, b = p
        q, r = divmod(a, b)
        print(a, b, a // b, a % b, q, r, a / b)
    print(9223372036854775807 // 10, 9223372036854775807 % 10)
    print((-9223372036854775807 - 1) // 7, (-9223372036854775807 - 1) % 7)
    print(1 / 3, 2 / 3, 10 / 4, -9 / 2, 7 / 7)
    print(9007199254740993 / 1)
    hours = 100000 // 3600
    minutes = 100000 % 3600 // 60
    print(f"{hours}:{minutes:02d}")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
