# A JitDriver declares both its greens and its reds (RPython raises "no
# 'greens' or 'reds' supplied"): this one declares no reds.
#
# error: 10
# kind: Hint
# message: reds
# errors: 1
from kiln.jit import JitDriver

driver = JitDriver(greens=["pc"])


def run(n: int) -> int:
    pc = 0
    while pc < n:
        driver.jit_merge_point(pc=pc)
        pc += 1
    return pc


def entry_point(argv: list[str]) -> int:
    print(run(4))
    return 0
