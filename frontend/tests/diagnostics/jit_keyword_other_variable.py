# Each variable live across jit_merge_point is passed under its own name:
# `pc=start` passes another variable while `pc` is live.
#
# error: 19:9
# kind: Hint
# message: `pc` is live across `jit_merge_point` but `pc=` passes another variable
# errors: 1
from kiln.jit import JitDriver

driver = JitDriver(greens=["pc"], reds=["n", "start"])


def run(n: int) -> int:
    start = n - n
    pc = start
    while pc < n:
        start += 1
        # The JIT would resume with `start` in place of `pc`.
        driver.jit_merge_point(pc=start, n=n, start=start)
        pc += 2
    return pc


def entry_point(argv: list[str]) -> int:
    print(run(4))
    return 0
