# The keyword arguments of jit_merge_point are the local variables of the
# same names: `pc=pc + 1` passes an expression.
#
# error: 17:9
# kind: Hint
# message: `pc=` of `jit_merge_point` must be given a local variable of `run`
# origin: 17:35
# errors: 1
from kiln.jit import JitDriver

driver = JitDriver(greens=["pc"], reds=["n"])


def run(n: int) -> int:
    pc = 0
    while pc < n:
        driver.jit_merge_point(pc=pc + 1, n=n)
        pc += 1
    return pc


def entry_point(argv: list[str]) -> int:
    print(run(4))
    return 0
