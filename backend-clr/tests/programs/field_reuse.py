# Field reads reused within a block: writes through another name for the
# same object, writes of the field on other objects, calls that write fields,
# lists built and never read, [x] * n with default and other items.


class Box:
    def __init__(self, v: int):
        self.v = v
        self.items = [0] * 3
        self.other = None


class Node:
    def __init__(self, name: str, nxt):
        self.name = name
        self.nxt = nxt


def bump(b: Box) -> int:
    b.v += 10
    return b.v


def aliasing(a: Box, b: Box) -> int:
    x = a.v
    b.v = x + 1
    y = a.v
    a.items[0] = y
    z = a.items[0] + a.v
    w = bump(a)
    return x * 1000000 + y * 10000 + z * 100 + w + a.v


def lists(n: int) -> str:
    zs = [0] * n
    fs = [0.0] * n
    bs = [False] * n
    ns = [None] * n
    ones = [1] * n
    neg = [-0.0] * n
    unused = [7]
    zs[n - 1] = 5
    return str(zs) + str(fs) + str(bs) + str(ns) + str(ones) + str(neg) + str(len(zs))


def chain(n: Node) -> str:
    out = n.name
    n.nxt = Node("b", None)
    m = n.nxt
    if m is not None:
        out = out + m.name
        n.nxt = None
    if n.nxt is None:
        out = out + "!"
    return out


def maybe_none(xs, i: int) -> int:
    try:
        return xs[i] + xs[i]
    except TypeError:
        return -1


def entry_point(argv: list[str]) -> int:
    a = Box(1)
    print(aliasing(a, a))
    print(aliasing(Box(2), Box(3)))
    print(lists(3))
    print(chain(Node("a", None)))
    print(maybe_none([4, 5], 1))
    print(maybe_none(None, 0))
    try:
        print(lists(0))
    except IndexError:
        print("IndexError")
    return 0


if __name__ == "__main__":
    entry_point([])
