# fuzz: internal error: the lowered IR does not verify: in @entry_point, block7, `v56: str = call @kiln_prelude.dict_repr$1(v46)`: operand 1 of `call` must be `dict<int, int>`, got `dict<str, list<int>>`
class Item:
    def __init__(self, name: str, tags: list[str]):
        self.tags = tags
def entry_point(argv: list[str]) -> int:
    grid = [[0] * 4 for r in range(3)]
    for r in range(3):
        for c in range(4):
            grid[r][c] = r * 4 + c
    index: dict[str, list[int]] = {}
    for i, w in enumerate("a b a c a b".split()):
            index[w] = []
    print(index)
    recs = [{"n": 1}, {"n": 2, "m": 3}]
    items = [Item("x", ["t1"]), Item("y", [])]
    return 0
if __name__ == "__main__":
    import sys
