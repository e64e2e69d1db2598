# get_printable_location is a module-level function: here it is a class.
#
# error: 15:10
# kind: Hint
# message: `get_printable_location=` must be a module-level function
# errors: 1
from kiln.jit import JitDriver


class Where:
    def __init__(self, pc: int) -> None:
        self.pc = pc


driver = JitDriver(greens=["pc"], reds=["n"], get_printable_location=Where)


def run(n: int) -> int:
    pc = 0
    while pc < n:
        driver.jit_merge_point(pc=pc, n=n)
        pc += 1
    return pc


def entry_point(argv: list[str]) -> int:
    print(run(4))
    return 0
