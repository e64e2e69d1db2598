"""A JIT test program for removing the allocations of short lists: the hot
loop makes lists (`[a, b]`, `[v] * n`, an empty list grown by appends past
its first capacity, a list of new objects) that it reads, writes and
measures, and that mostly never escape. Guards fail every few iterations
with the lists still virtual, so a failing guard must make them (with the
objects they hold); some escape (kept in a list, read at an index that is
not a constant, passed to a function that is not inlined)."""

import sys

from kiln.jit import JitDriver


class Cell:
    def __init__(self, v: int):
        self.v = v


driver = JitDriver(greens=[], reds=["i", "n", "width", "acc", "kept"])


def total(xs: list[int]) -> int:
    # Has a loop: not inlined, so `xs` escapes into a residual call.
    t = 0
    for x in xs:
        t = t + x
    return t


def run(n: int, width: int) -> int:
    i = 0
    acc = 0
    kept: list[list[int]] = []
    while i < n:
        driver.jit_merge_point(i=i, n=n, width=width, acc=acc, kept=kept)
        pair = [i % 7, i % 5]
        temps = [0] * width
        temps[1] = pair[0] + pair[1]
        temps[width - 1] = len(pair)
        grown: list[int] = []
        grown.append(i)
        grown.append(i * 2)
        grown.append(3)
        grown.append(pair[1])
        grown.append(temps[1])
        cells = [Cell(i), Cell(pair[0])]
        cells[0].v = cells[0].v + cells[1].v
        if i % 13 == 4:
            # A guard fails here with every list still virtual.
            acc = acc + temps[1] * 3 + grown[4] - len(grown) + cells[0].v
        elif i % 17 == 9:
            kept.append(grown)
            acc = acc + total(pair) + pair[i % 2]
        else:
            acc = acc + temps[1] + temps[width - 1] + grown[2] + cells[0].v % 3
        i += 1
        driver.can_enter_jit(i=i, n=n, width=width, acc=acc, kept=kept)
    for k in kept:
        acc = acc + k[0] - k[4] + len(k)
    return acc


def entry_point(argv: list[str]) -> int:
    n = 3000
    if len(argv) > 1:
        n = int(argv[1])
    print(run(n, 4))
    print(run(n // 3 + 1, 3))
    return 0


if __name__ == "__main__":
    sys.exit(entry_point(sys.argv))
