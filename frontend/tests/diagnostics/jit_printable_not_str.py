# get_printable_location returns a str describing the position: `where`
# returns an int.
#
# error: 22:9
# kind: Hint
# message: `get_printable_location` must return a str, `where` returns `int`
# origin: 12:5
# errors: 1
from kiln.jit import JitDriver


def where(pc: int) -> int:
    return pc


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
