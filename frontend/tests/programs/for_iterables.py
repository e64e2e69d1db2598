# for over range(a[, b[, c]]), lists, strings, dict keys, tuples, enumerate
# (with start), zip of two lists, reversed of a list and of a range.


def entry_point(argv: list[str]) -> int:
    print([i for i in range(4)], [i for i in range(2, 5)], [i for i in range(10, 0, -4)])
    print([i for i in range(0)], [i for i in range(5, 2)], [i for i in range(-3, 3, 2)])
    for ch in "ab":
        print("char", ch)
    d = {"x": 1, "y": 2}
    for k in d:
        print("key", k)
    for v in (3, 1, 2):
        print("tuple item", v)
    names = ["ann", "bob", "cy"]
    for i, name in enumerate(names):
        print(i, name)
    for i, name in enumerate(names, start=1):
        print(i, name)
    for i, name in enumerate(names, 10):
        print(i, name)
    ages = [30, 40]
    for name, age in zip(names, ages):
        print(name, age)
    for name in reversed(names):
        print("rev", name)
    for i in reversed(range(3)):
        print("rev range", i)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
