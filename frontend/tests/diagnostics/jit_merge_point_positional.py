# jit_merge_point takes keyword arguments only, one per green and red.
#
# error: 15:9
# kind: Hint
# message: keyword arguments only
# errors: 1
from kiln.jit import JitDriver

driver = JitDriver(greens=["pc"], reds=["n"])


def run(n: int) -> int:
    pc = 0
    while pc < n:
        driver.jit_merge_point(pc, n)
        pc += 1
    return pc


def entry_point(argv: list[str]) -> int:
    print(run(4))
    return 0
