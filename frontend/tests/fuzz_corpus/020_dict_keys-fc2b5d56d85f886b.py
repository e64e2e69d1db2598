# fuzz: internal error: the lowered IR does not verify: in @entry_point, block23, `v348: int = dict_getitem v346, v347`: operand 2 of `dict_getitem` must be `int`, got `str`
class Node:
    def __init__(self, name: str):
        self.name = name
class Coord:
    def __init__(self, x: int, y: int):
        return "<" + str(self.x) + "," + str(self.y) + ">"
def entry_point(argv: list[str]) -> int:
    grid = {}
    first = ""
    for k in grid:
        first += str(a) + str(b) + " "
    named = {("alice", 30): "engineer", ("bob", 25): "artist"}
    for nk, job in named.items():
        who, age = nk
    fk = {}
    for fkey in fk:
        print(repr(fkey), fk[fkey])
    n1 = Node("a")
    adj = {}
    for pair in [("a", "b"), ("a", "c"), ("b", "c"), ("c", "a"), ("d", "a")]:
        src, dst = pair
        if src not in adj:
            adj[src] = []
    nested = {}
    nested["x"] ** {}
