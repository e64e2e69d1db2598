# List comprehensions: filters, two for clauses, nesting, over strings,
# dicts and ranges, building lists of tuples and of lists.


def entry_point(argv: list[str]) -> int:
    xs = [3, 1, 4, 1, 5, 9, 2, 6]
    print([x * x for x in xs])
    print([x for x in xs if x % 2 == 1])
    print([x for x in xs if x > 1 if x < 6])
    print([(a, b) for a in range(3) for b in range(a)])
    print([[i * j for j in range(3)] for i in range(3)])
    print([c.upper() for c in "kiln" if c != "i"])
    d = {"a": 1, "b": 2}
    print([k + str(d[k]) for k in d])
    words = ["apple", "fig", "banana"]
    print([len(w) for w in words], [w[0] for w in words if len(w) > 3])
    matrix = [[1, 2], [3, 4], [5, 6]]
    print([row[1] for row in matrix], [v for row in matrix for v in row])
    x = 100
    print([x for x in range(3)], x)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
