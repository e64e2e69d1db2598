# A JitDriver is created at module level: this one is created inside the
# function that uses it.
#
# error: 13:14
# kind: Hint
# message: must be created at module level, not inside `run`
# errors: 1
from kiln.jit import JitDriver


def run(n: int) -> int:
    pc = 0
    driver = JitDriver(greens=["pc"], reds=["n"])
    while pc < n:
        driver.jit_merge_point(pc=pc, n=n)
        pc += 1
    return pc


def entry_point(argv: list[str]) -> int:
    print(run(4))
    return 0
