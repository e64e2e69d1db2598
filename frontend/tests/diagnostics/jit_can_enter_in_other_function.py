# can_enter_jit must be in the function with the driver's jit_merge_point
# (the portal): here a helper calls it.
#
# error: 15:5
# kind: Hint
# message: must be in the function with the driver's `jit_merge_point` (`run`), not in `jump_back`
# origin: 22:9
# errors: 1
from kiln.jit import JitDriver

driver = JitDriver(greens=["pc"], reds=["acc", "n"])


def jump_back(pc: int, acc: int, n: int) -> None:
    driver.can_enter_jit(pc=pc, acc=acc, n=n)


def run(n: int) -> int:
    pc = 0
    acc = 0
    while pc < n:
        driver.jit_merge_point(pc=pc, acc=acc, n=n)
        acc += pc
        pc += 1
        jump_back(pc, acc, n)
    return acc


def entry_point(argv: list[str]) -> int:
    print(run(4))
    return 0
