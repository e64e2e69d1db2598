# A JitDriver has exactly one jit_merge_point (its portal's dispatch loop):
# this one has two.
#
# error: 22:9
# kind: Hint
# message: already has a `jit_merge_point`
# origin: 17:9
# errors: 1
from kiln.jit import JitDriver

driver = JitDriver(greens=["pc"], reds=["n"])


def run(n: int) -> int:
    pc = 0
    while pc < n:
        driver.jit_merge_point(pc=pc, n=n)
        pc += 1
    while pc > 0:
        # The same driver for a second loop: it needs a driver of its own.
        pc -= 1
        driver.jit_merge_point(pc=pc, n=n)
    return pc


def entry_point(argv: list[str]) -> int:
    print(run(4))
    return 0
