# Each green and red variable is listed once: `pc` is in greens twice.
#
# error: 9:10
# kind: Hint
# message: `pc` is listed twice in `greens=`
# errors: 1
from kiln.jit import JitDriver

driver = JitDriver(greens=["pc", "pc"], reds=["n"])


def run(n: int) -> int:
    pc = 0
    while pc < n:
        driver.jit_merge_point(pc=pc, n=n)
        pc += 1
    return pc


def entry_point(argv: list[str]) -> int:
    print(run(4))
    return 0
