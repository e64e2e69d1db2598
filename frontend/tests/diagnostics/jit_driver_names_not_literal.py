# greens= and reds= are list displays of string literals: this reds= is a
# variable.
#
# error: 12:10
# kind: Hint
# message: `reds=` must be a list of string literals
# errors: 1
from kiln.jit import JitDriver

REDS = ["n"]

driver = JitDriver(greens=["pc"], reds=REDS)


def run(n: int) -> int:
    pc = 0
    while pc < n:
        pc += 1
    return pc


def entry_point(argv: list[str]) -> int:
    print(run(4))
    return 0
