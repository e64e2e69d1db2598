# JIT hints: a JitDriver with greens and reds, jit_merge_point,
# can_enter_jit, promote and an elidable function.
from kiln.jit import JitDriver, promote, elidable

driver = JitDriver(greens=["pc", "code"], reds=["acc"])


@elidable
def weight(op: str) -> int:
    return 2 if op == "+" else 1


def run(code: str) -> int:
    pc = 0
    acc = 0
    while pc < len(code):
        driver.jit_merge_point(pc=pc, code=code, acc=acc)
        op = code[pc]
        acc += weight(op)
        pc += 1
        if op == "<" and acc < 20:
            pc = 0
            driver.can_enter_jit(pc=pc, code=code, acc=acc)
    return promote(acc)


def entry_point(argv: list[str]) -> int:
    print(run("+-<"))
    return 0
