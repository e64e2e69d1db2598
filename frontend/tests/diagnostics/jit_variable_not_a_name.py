# Greens and reds are names of local variables: "self.pc" is not one.
#
# error: 10:10
# kind: Hint
# message: `self.pc`
# message: not a variable name
# errors: 1
from kiln.jit import JitDriver

driver = JitDriver(greens=["self.pc"], reds=["n"])


def run(n: int) -> int:
    pc = 0
    while pc < n:
        pc += 1
    return pc


def entry_point(argv: list[str]) -> int:
    print(run(4))
    return 0
