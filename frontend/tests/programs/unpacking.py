# Unpacking: tuples, lists (with a run-time length check), swaps, in for
# loops, from function results, parenthesized and list targets.


def divide(a: int, b: int) -> tuple[int, int]:
    return a // b, a % b


def entry_point(argv: list[str]) -> int:
    a, b = 1, 2
    a, b = b, a
    print(a, b)
    q, r = divide(17, 5)
    print(q, r)
    x, y, z = [10, 20, 30]
    print(x + y + z)
    (p, s) = (3, "three")
    [m, n] = ["em", "en"]
    print(p, s, m, n)
    for i, (name, score) in enumerate([("ann", 3), ("bob", 5)]):
        print(i, name, score)
    row = [7, 8]
    try:
        u, v, w = row
        print(u, v, w)
    except ValueError as e:
        print("ValueError:", e)
    try:
        u, = row
        print(u)
    except ValueError as e:
        print("ValueError:", e)
    t = (1, 2.5, "x")
    i1, f1, s1 = t
    print(i1, f1, s1)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
