# Nested containers: lists of lists, dicts of lists, lists of dicts, lists
# of instances, dicts of instances, lists of tuples; mutation through
# aliases; equality of nested lists.


class Item:
    def __init__(self, name: str, tags: list[str]):
        self.name = name
        self.tags = tags


def entry_point(argv: list[str]) -> int:
    grid = [[0] * 4 for r in range(3)]
    for r in range(3):
        for c in range(4):
            grid[r][c] = r * 4 + c
    print(grid, grid[2][3], len(grid[0]))
    row = grid[1]
    row[0] = -1
    print(grid[1])
    index: dict[str, list[int]] = {}
    for i, w in enumerate("a b a c a b".split()):
        if w not in index:
            index[w] = []
        index[w].append(i)
    print(index)
    recs = [{"n": 1}, {"n": 2, "m": 3}]
    recs[0]["z"] = 9
    print(recs)
    items = [Item("x", ["t1"]), Item("y", [])]
    items[1].tags.append("t2")
    byname: dict[str, Item] = {}
    for it in items:
        byname[it.name] = it
    print(byname["y"].tags, [it.name for it in items])
    pairs = [(1, [2, 3]), (4, [5])]
    for k, vs in pairs:
        print(k, sum(vs))
    print([[1, 2], [3]] == [[1, 2], [3]], [[1], [2]] == [[1], [3]])
    cube = [[[i + j + k for k in range(2)] for j in range(2)] for i in range(2)]
    print(cube)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
