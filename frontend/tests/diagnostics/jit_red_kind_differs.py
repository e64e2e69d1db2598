# A red has one type at every call of its driver: `flag` is a bool at
# jit_merge_point but an int at can_enter_jit.
#
# error: 18:9
# kind: Hint
# message: red variable `flag` is `bool` at `jit_merge_point` but `int`
# errors: 1
from kiln.jit import JitDriver

driver = JitDriver(greens=["pc"], reds=["flag", "n"])


def run(n: int) -> int:
    pc = 0
    flag = False
    while pc < n:
        flag = pc > 2
        driver.jit_merge_point(pc=pc, flag=flag, n=n)
        pc += 1
        count = pc * 2
        driver.can_enter_jit(pc=pc, flag=count, n=n)
    return pc


def entry_point(argv: list[str]) -> int:
    print(run(4))
    return 0
