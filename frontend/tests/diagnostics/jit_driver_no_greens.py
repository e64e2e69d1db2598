# A JitDriver declares its greens (the position in the user program) and
# its reds: this one declares no greens.
#
# error: 10
# kind: Hint
# message: greens
# errors: 1
from kiln.jit import JitDriver

driver = JitDriver(reds=["acc", "pc", "n"])


def run(n: int) -> int:
    pc = 0
    acc = 0
    while pc < n:
        driver.jit_merge_point(acc=acc, pc=pc, n=n)
        acc += pc
        pc += 1
    return acc


def entry_point(argv: list[str]) -> int:
    print(run(4))
    return 0
