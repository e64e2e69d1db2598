# tuples: items of different types, index by constant, unpacking, ==,
# as dict keys, hash, returned from functions, in lists.


def minmax(xs: list[int]) -> tuple[int, int]:
    lo = xs[0]
    hi = xs[0]
    for x in xs:
        if x < lo:
            lo = x
        if x > hi:
            hi = x
    return lo, hi


def entry_point(argv: list[str]) -> int:
    t = (1, "two", 3.0, True)
    print(t, t[0], t[1], t[2], t[3], len(t))
    a, b, c, d = t
    print(a, b, c, d)
    lo, hi = minmax([4, -2, 9, 3])
    print(lo, hi)
    print((1, 2) == (1, 2), (1, 2) != (2, 1), (1, "a") == (1, "b"), (1, 2) < (1, 3))
    print(hash((1, "x")) == hash((1, "x")), (1,), ())
    seen: dict[tuple[str, int], int] = {}
    seen[("a", 1)] = 5
    print(seen[("a", 1)], ("a", 2) in seen)
    pts = [(0, 0), (3, 4), (-1, 2)]
    for x, y in pts:
        print(x * x + y * y)
    print(3 in (1, 2, 3), 5 in (1, 2, 3))
    for v in (10, 20, 30):
        print(v)
    nested = ((1, 2), "x")
    print(nested[0][1], nested)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
