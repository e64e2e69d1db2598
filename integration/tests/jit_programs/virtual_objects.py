"""A JIT test program for allocation removal: the hot loop makes short-lived
points and tuples that never escape (their fields become trace values), and
some that do (kept in a list, passed to a function that is not inlined).
Guards fail often (a branch taken every few iterations, an overflow-free
path that changes), so the objects a failing guard's snapshot keeps must be
made on the way out of compiled code; under a moving collector, making
them moves everything else the snapshot holds."""

import sys

from kiln.jit import JitDriver


class Point:
    def __init__(self, x: int, y: int):
        self.x = x
        self.y = y

    def add(self, other: "Point") -> "Point":
        return Point(self.x + other.x, self.y + other.y)

    def scaled(self, k: int) -> "Point":
        return Point(self.x * k, self.y * k)


class Segment:
    def __init__(self, a: Point, b: Point):
        self.a = a
        self.b = b

    def length2(self) -> int:
        dx = self.b.x - self.a.x
        dy = self.b.y - self.a.y
        return dx * dx + dy * dy


driver = JitDriver(greens=[], reds=["i", "n", "acc", "p", "kept"])


def describe(p: Point) -> str:
    # Has a loop: not inlined, so `p` escapes into a residual call.
    s = ""
    for c in [p.x, p.y]:
        s = s + str(c % 10)
    return s


def run(n: int) -> int:
    i = 0
    acc = 0
    p = Point(1, 2)
    kept: list[Point] = []
    while i < n:
        driver.jit_merge_point(i=i, n=n, acc=acc, p=p, kept=kept)
        q = p.add(Point(i % 5, 1))
        seg = Segment(p, q)
        pair = (q.x, q.y + 1)
        d = seg.length2()
        if i % 7 == 3:
            # A guard fails here with `q`, `seg` and `pair` still virtual.
            acc = acc + pair[0] * 3 - pair[1] + seg.a.x
        elif i % 11 == 5:
            kept.append(q.scaled(2))
            acc = acc + len(describe(seg.b))
        else:
            acc = acc + d % 97 + pair[1]
        if q.x > 1000:
            p = Point(q.x % 13, q.y % 17)
        else:
            p = q
        i += 1
        driver.can_enter_jit(i=i, n=n, acc=acc, p=p, kept=kept)
    total = 0
    for k in kept:
        total = total + k.x - k.y
    return acc + total


def entry_point(argv: list[str]) -> int:
    n = 3000
    if len(argv) > 1:
        n = int(argv[1])
    print(run(n))
    print(run(n // 3 + 1))
    a = Point(3, 4)
    print(Segment(a, a.scaled(3)).length2())
    return 0


if __name__ == "__main__":
    sys.exit(entry_point(sys.argv))
