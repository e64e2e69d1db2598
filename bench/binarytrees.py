# Binary trees: allocation-heavy (the benchmarks game's program). A long-
# lived tree stays alive while many short-lived trees are built and walked.
# Argument: maximum depth.


class Node:
    def __init__(self, left, right):
        self.left = left
        self.right = right


def make(depth: int):
    if depth == 0:
        return Node(None, None)
    return Node(make(depth - 1), make(depth - 1))


def check(n) -> int:
    if n.left is None:
        return 1
    return 1 + check(n.left) + check(n.right)


def entry_point(argv: list[str]) -> int:
    max_depth = 16
    if len(argv) > 1:
        max_depth = int(argv[1])
    min_depth = 4
    stretch = max_depth + 1
    print("stretch tree of depth", stretch, "check:", check(make(stretch)))
    long_lived = make(max_depth)
    d = min_depth
    while d <= max_depth:
        iters = 1 << (max_depth - d + min_depth)
        total = 0
        for i in range(iters):
            total += check(make(d))
        print(iters, "trees of depth", d, "check:", total)
        d += 2
    print("long lived tree of depth", max_depth, "check:", check(long_lived))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
