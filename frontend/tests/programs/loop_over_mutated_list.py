# Iterating over a list that the loop body mutates follows CPython's list
# iterators: `for` re-checks the length at every step (appended items are
# visited), and `reversed` stops when its index is past the end of a list
# that shrank (see /tmp/kiln-frontend-bugs/tests-13.md).


def entry_point(argv: list[str]) -> int:
    xs = [1, 2, 3]
    for x in xs:
        if x < 3:
            xs.append(x + 10)
        print("forward", x)
    ys = [1, 2, 3, 4, 5]
    for y in ys:
        print("shrinking", y)
        ys.pop()
    words = ["a", "b", "c", "d"]
    for w in reversed(words):
        print("reversed", w, len(words))
        words.pop()
        words.pop()
    print(words)
    zs = [1, 2, 3]
    for z in reversed(zs):
        zs.append(z)
    print(zs)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
