# Uses of the kiln.jit hints that the frontend's checks must accept: a
# jit_merge_point inside `try` (the exception edge of loading the driver is
# not a path on which a green is reassigned), greens that alias another
# local (`pc = start`), a red that is None before it holds an instance, a
# portal that is a method, a second driver without can_enter_jit, and a
# `hint` keyword Kiln ignores.
from kiln.jit import JitDriver, hint

driver = JitDriver(greens=["pc"], reds=["acc", "n", "node"])
counter = JitDriver(greens=["pc"], reds=["vm", "n"])


class Node:
    def __init__(self, v: int) -> None:
        self.v = v


def run(start: int, n: int) -> int:
    pc = start
    acc = 0
    node: Node | None = None
    while pc < n:
        try:
            driver.jit_merge_point(pc=pc, acc=acc, n=n, node=node)
            acc += 10 // (pc - 2)
        except ZeroDivisionError:
            acc += 1
            node = Node(acc)
        pc += 1
        driver.can_enter_jit(pc=pc, acc=acc, n=n, node=node)
    if node is not None:
        acc += node.v
    return acc


class VM:
    def __init__(self) -> None:
        self.total = 0

    def loop(self, n: int) -> int:
        pc = 0
        vm = self
        while pc < n:
            counter.jit_merge_point(pc=pc, vm=vm, n=n)
            vm.total += pc
            pc += 1
        return vm.total


def entry_point(argv: list[str]) -> int:
    print(run(0, 6))
    print(VM().loop(5))
    print(hint(len(argv), access_directly=True, promote=False))
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
