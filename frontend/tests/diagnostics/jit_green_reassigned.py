# A green variable may not be reassigned between can_enter_jit and the next
# jit_merge_point.
#
# kind: Hint
# message: `pc`
# message: green
# origin: 22:9
# origin: 23:9
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
        pc += 1
    return acc


def entry_point(argv: list[str]) -> int:
    print(run(10))
    return 0
