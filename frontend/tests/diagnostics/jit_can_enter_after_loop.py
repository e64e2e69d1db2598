# can_enter_jit marks a jump back to the jit_merge_point: this one is after
# the loop, where no path leads back to it.
#
# error: 21:5
# kind: Hint
# message: not on a path back to the driver's `jit_merge_point`
# origin: 18:9
# errors: 1
from kiln.jit import JitDriver

driver = JitDriver(greens=["pc"], reds=["acc", "n"])


def run(n: int) -> int:
    pc = 0
    acc = 0
    while pc < n:
        driver.jit_merge_point(pc=pc, acc=acc, n=n)
        acc += pc
        pc += 1
    driver.can_enter_jit(pc=pc, acc=acc, n=n)
    return acc


def entry_point(argv: list[str]) -> int:
    print(run(4))
    return 0
