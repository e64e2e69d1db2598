# dict: insertion order, d[k], d[k] = v, del, in, get, pop, keys, values,
# items, len, iteration, setdefault; int, str, float and tuple keys.


def entry_point(argv: list[str]) -> int:
    d: dict[str, int] = {"one": 1, "two": 2}
    d["three"] = 3
    d["one"] = 10
    print(d, len(d), d["two"], "two" in d, "four" in d, "four" not in d)
    print(d.get("one", 0), d.get("zero", -1), d.pop("two"), d.pop("nine", 9), d)
    print(d.setdefault("four", 4), d.setdefault("four", 40), d)
    del d["one"]
    print(list(d.keys()), list(d.values()), list(d.items()))
    for k in d:
        print("key", k, d[k])
    for k, v in d.items():
        print("item", k, v)
    total = 0
    for v in d.values():
        total += v
    print("total", total)
    squares: dict[int, int] = {}
    for i in range(6):
        squares[i * i] = i
    print(squares, 16 in squares)
    fk: dict[float, str] = {0.0: "zero", 1.5: "one and a half"}
    fk[-0.0] = "negative zero"
    print(fk, len(fk))
    grid: dict[tuple[int, int], str] = {}
    grid[(0, 1)] = "a"
    grid[(1, 0)] = "b"
    grid[(0, 1)] = "c"
    print(grid, grid[(1, 0)], (2, 2) in grid)
    counts: dict[str, int] = {}
    for w in "a b a c b a".split():
        counts[w] = counts.get(w, 0) + 1
    print(counts)
    lists: dict[str, list[int]] = {}
    lists.setdefault("x", []).append(1)
    lists.setdefault("x", []).append(2)
    print(lists)
    names: dict[int, str] = {1: "a"}
    print(names.get(1), names.get(2), names.get(2) is None)
    print({"e": 1.0})
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
