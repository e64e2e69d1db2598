# get_printable_location takes the greens, one parameter each: `where`
# takes two for a driver with one green.
#
# error: 16:10
# kind: Hint
# message: one parameter per green (1 green: `pc`); `where` takes 2
# origin: 12:5
# errors: 1
from kiln.jit import JitDriver


def where(pc: int, n: int) -> str:
    return "pc=" + str(pc)


driver = JitDriver(greens=["pc"], reds=["n"], get_printable_location=where)


def run(n: int) -> int:
    pc = 0
    while pc < n:
        driver.jit_merge_point(pc=pc, n=n)
        pc += 1
    return pc


def entry_point(argv: list[str]) -> int:
    print(run(4))
    return 0
