"""A JIT test program for what the tracer and optimizer assume about
values that do not change: fields written only by `__init__` (immutable:
read from constant objects as constants), a field an `__init__` writes
twice and one written after construction (not immutable), `//` and `%`
with every sign and divisors that change (0 and -1 go through the
interpreter's own paths), and loop-invariant reads and guards (moved out
of the loop by peeling) next to ones that change inside the loop: a list
that grows, a field written in the loop, a global that is rebound."""

import sys

from kiln.jit import JitDriver, promote


class Const:
    def __init__(self, v: int):
        self.v = v
        self.w = v
        self.w = v * 2


class Box:
    def __init__(self, v: int):
        self.v = v


class Counter:
    def __init__(self):
        self.n = 0


TABLE = [Const(7), Const(-3), Const(5), Const(-1), Const(0)]
scale = 1

driver = JitDriver(greens=["k"], reds=["i", "n", "acc", "items", "c", "box"])


def divide(a: int, b: int) -> int:
    if b == 0:
        return 1000
    return a // b + a % b


def run(n: int) -> int:
    global scale
    i = 0
    acc = 0
    k = 0
    items = [1, 2, 3]
    c = Counter()
    box = Box(11)
    while i < n:
        driver.jit_merge_point(k=k, i=i, n=n, acc=acc, items=items, c=c, box=box)
        entry = TABLE[k]
        d = entry.v
        acc = acc + entry.w + divide(i - 50, d) + divide(i * 7 + 3, -d)
        acc = acc + (i % 9) // 2 - (-i) % 4 + (-i) // 3
        acc = acc + len(items) + items[0] * box.v + scale
        c.n = c.n + 1
        acc = acc + c.n % 5
        if i % 17 == 0:
            items.append(i % 13)
        if i % 23 == 0:
            box = Box(i % 7)
        if i % 97 == 96:
            scale = scale + 1
        if i % 2500 == 2499:
            k = (k + 1) % len(TABLE)
        acc = acc % 1000003
        i = i + 1
        driver.can_enter_jit(k=k, i=i, n=n, acc=acc, items=items, c=c, box=box)
    return acc + len(items) * 1000 + c.n


def entry_point(argv: list[str]) -> int:
    n = 15000
    if len(argv) > 1:
        n = int(argv[1])
    print("result", run(n))
    print("min // -1:", divide(-9223372036854775807, -1))
    return 0


if __name__ == "__main__":
    sys.exit(entry_point(sys.argv))
