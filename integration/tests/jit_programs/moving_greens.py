"""A JIT test program: the green `code` is an object, and the hot loop
allocates enough for many collections. Under a moving collector `code`
moves at every collection; the loop compiled for it must still be found
when the loop is entered again (not traced again after each collection)."""

import sys

from kiln.jit import JitDriver


class Code:
    def __init__(self, ops: list[int]):
        self.ops = ops


class Box:
    def __init__(self, v: int):
        self.v = v


driver = JitDriver(greens=["pc", "code"], reds=["acc", "n"])


def run(code: Code, n: int) -> int:
    pc = 0
    acc = Box(0)
    while n > 0:
        driver.jit_merge_point(pc=pc, code=code, acc=acc, n=n)
        op = code.ops[pc]
        if op == 0:
            acc = Box(acc.v + 1)
        elif op == 1:
            acc = Box(acc.v * 3 % 1000003)
        else:
            acc = Box(acc.v + len([acc.v, n]))
        pc += 1
        if pc == len(code.ops):
            pc = 0
            n -= 1
            driver.can_enter_jit(pc=pc, code=code, acc=acc, n=n)
    return acc.v


def entry_point(argv: list[str]) -> int:
    rounds = 10
    if len(argv) > 1:
        rounds = int(argv[1])
    code = Code([0, 1, 2, 0])
    total = 0
    # Each round enters the compiled loop anew, after collections moved `code`.
    for _ in range(rounds):
        total = (total + run(code, 500)) % 1000003
    print(total)
    return 0


if __name__ == "__main__":
    sys.exit(entry_point(sys.argv))
