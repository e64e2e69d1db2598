# kiln.jit hints in a small bytecode interpreter: JitDriver with greens and
# reds, jit_merge_point and can_enter_jit, promote, hint, @elidable,
# @dont_look_inside, @unroll_safe, we_are_jitted.
from kiln.jit import JitDriver, promote, elidable, dont_look_inside, unroll_safe, we_are_jitted, hint


def get_location(pc: int, code: str) -> str:
    return str(pc) + ":" + code[pc]


driver = JitDriver(greens=["pc", "code"], reds=["acc", "n"], get_printable_location=get_location)


@elidable
def cost(op: str) -> int:
    if op == "+":
        return 1
    return 2


@dont_look_inside
def log(msg: str) -> None:
    print("log:", msg)


@unroll_safe
def digits(n: int) -> int:
    count = 0
    while n > 0:
        n //= 10
        count += 1
    return count


def interpret(code: str, n: int) -> int:
    pc = 0
    acc = 0
    while pc < len(code):
        driver.jit_merge_point(pc=pc, code=code, acc=acc, n=n)
        op = code[pc]
        if op == "+":
            acc += cost(op)
        elif op == "*":
            acc *= cost(op)
        elif op == "<":
            n -= 1
            if n > 0:
                pc = 0
                driver.can_enter_jit(pc=pc, code=code, acc=acc, n=n)
                continue
        pc += 1
    return acc


def entry_point(argv: list[str]) -> int:
    print(interpret("++*<", 5))
    x = promote(len(argv))
    y = hint(x, promote=True)
    print(x == y, we_are_jitted(), digits(123456))
    log("done")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
