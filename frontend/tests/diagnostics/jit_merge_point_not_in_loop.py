# jit_merge_point starts the body of the interpreter's dispatch loop: here
# it is not inside any loop.
#
# error: 16:5
# kind: Hint
# message: not inside a loop of `step`
# errors: 1
from kiln.jit import JitDriver

driver = JitDriver(greens=["pc"], reds=["acc"])


def step(pc: int, acc: int) -> int:
    if pc < 0:
        return acc
    driver.jit_merge_point(pc=pc, acc=acc)
    return acc + pc


def entry_point(argv: list[str]) -> int:
    print(step(2, 3))
    return 0
