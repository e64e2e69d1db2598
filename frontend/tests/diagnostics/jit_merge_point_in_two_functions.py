# A JitDriver has exactly one jit_merge_point, so one portal: here two
# functions call the same driver's jit_merge_point.
#
# error: 25:9
# kind: Hint
# message: already has a `jit_merge_point` (in `count_up`)
# origin: 17:9
# errors: 1
from kiln.jit import JitDriver

driver = JitDriver(greens=["pc"], reds=["n"])


def count_up(n: int) -> int:
    pc = 0
    while pc < n:
        driver.jit_merge_point(pc=pc, n=n)
        pc += 1
    return pc


def count_down(n: int) -> int:
    pc = n
    while pc > 0:
        driver.jit_merge_point(pc=pc, n=n)
        pc -= 1
    return pc


def entry_point(argv: list[str]) -> int:
    print(count_up(4) + count_down(4))
    return 0
