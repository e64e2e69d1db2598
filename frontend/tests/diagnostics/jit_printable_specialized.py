# The JIT calls one copy of get_printable_location: `where` is specialized.
#
# error: 17:10
# kind: Hint
# message: must not be `@specialize`d
# origin: 13:5
# errors: 1
from kiln import specialize
from kiln.jit import JitDriver


@specialize.argtype(0)
def where(pc: int) -> str:
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
