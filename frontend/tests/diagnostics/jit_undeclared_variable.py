# jit_merge_point may only name the driver's greens and reds: `extra` is
# neither.
#
# error: 18:9
# kind: Hint
# message: `extra`
# errors: 1
from kiln.jit import JitDriver

driver = JitDriver(greens=["pc"], reds=["acc", "n"])


def run(n: int) -> int:
    pc = 0
    acc = 0
    extra = 1
    while pc < n:
        driver.jit_merge_point(pc=pc, acc=acc, n=n, extra=extra)
        acc += pc * extra
        pc += 1
    return acc


def entry_point(argv: list[str]) -> int:
    print(run(4))
    return 0
