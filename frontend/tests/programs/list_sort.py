# sort() and sorted() of ints, floats, strs and tuples, with reverse=;
# stability and the original left unchanged by sorted().


def entry_point(argv: list[str]) -> int:
    xs = [5, -2, 9, 0, 5, 3]
    ys = sorted(xs)
    print(xs, ys, sorted(xs, reverse=True))
    xs.sort()
    print(xs)
    xs.sort(reverse=True)
    print(xs)
    fs = [2.5, -0.0, 0.0, -1.5, 1e10]
    fs.sort()
    print(fs)
    words = ["pear", "Apple", "fig", "apple", "banana"]
    print(sorted(words), sorted(words, reverse=True))
    pairs = [(2, "b"), (1, "z"), (2, "a"), (1, "a")]
    pairs.sort()
    print(pairs)
    seed = 12345
    big = []
    for i in range(1000):
        seed = (seed * 1103515245 + 12345) % 2147483648
        big.append(seed % 1000)
    big.sort()
    ok = True
    for i in range(1, len(big)):
        if big[i - 1] > big[i]:
            ok = False
    print(ok, big[0], big[500], big[-1])
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
