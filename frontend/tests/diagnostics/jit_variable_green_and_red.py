# A variable is either green or red: `pc` is listed as both.
#
# error: 9:10
# kind: Hint
# message: `pc` is both a green and a red variable
# errors: 1
from kiln.jit import JitDriver

driver = JitDriver(greens=["pc"], reds=["pc", "n"])


def run(n: int) -> int:
    pc = 0
    while pc < n:
        driver.jit_merge_point(pc=pc, n=n)
        pc += 1
    return pc


def entry_point(argv: list[str]) -> int:
    print(run(4))
    return 0
