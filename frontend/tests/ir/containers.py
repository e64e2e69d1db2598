# Lists, dicts and tuples: literals, indexing, methods, a comprehension,
# iteration over dict items, tuple unpacking.


def histogram(words: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    return counts


def pairs(n: int) -> list[tuple[int, int]]:
    return [(i, i * i) for i in range(n) if i % 2 == 0]


def entry_point(argv: list[str]) -> int:
    h = histogram(["a", "b", "a"])
    for k, v in h.items():
        print(k, v)
    xs = pairs(5)
    a, b = xs[-1]
    xs.append((a, b))
    print(len(xs), a + b, xs[0][1])
    return 0
