# can_enter_jit names the same variables as jit_merge_point: here it leaves
# out the red `acc`.
#
# error: 24:13
# kind: Hint
# message: can_enter_jit
# message: `acc`
# errors: 1
from kiln.jit import JitDriver

driver = JitDriver(greens=["pc"], reds=["acc", "n"])


def run(n: int) -> int:
    pc = 0
    acc = 0
    while pc < n:
        driver.jit_merge_point(pc=pc, acc=acc, n=n)
        acc += pc
        pc += 1
        if pc == 2:
            pc = 0
            n -= 1
            driver.can_enter_jit(pc=pc, n=n)
    return acc


def entry_point(argv: list[str]) -> int:
    print(run(4))
    return 0
