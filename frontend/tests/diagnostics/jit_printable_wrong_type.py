# get_printable_location takes the greens in order: `where` expects a str
# where the first green `pc` is an int.
#
# error: 22:9
# kind: Type
# message: argument `pc` of `where` is annotated `str` but is `int` here
# errors: 1
from kiln.jit import JitDriver


def where(pc: str, code: str) -> str:
    return pc + code


driver = JitDriver(greens=["pc", "code"], reds=["n"], get_printable_location=where)


def run(code: str) -> int:
    pc = 0
    n = len(code)
    while pc < n:
        driver.jit_merge_point(pc=pc, code=code, n=n)
        pc += 1
    return pc


def entry_point(argv: list[str]) -> int:
    print(run("abc"))
    return 0
