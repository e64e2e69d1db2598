# can_enter_jit counts the jumps back to the driver's jit_merge_point: this
# driver has none.
#
# error: 18:9
# kind: Hint
# message: has no `jit_merge_point`
# origin: 11:10
# errors: 1
from kiln.jit import JitDriver

driver = JitDriver(greens=["pc"], reds=["acc", "n"])


def run(n: int) -> int:
    pc = 0
    acc = 0
    while pc < n:
        driver.can_enter_jit(pc=pc, acc=acc, n=n)
        acc += pc
        pc += 1
    return acc


def entry_point(argv: list[str]) -> int:
    print(run(4))
    return 0
