# fuzz: internal error: the lowered IR does not verify: in jitdriver `driver0`: printable-location function `@get_location` must take the greens and return `str`
from kiln.jit import JitDriver, promote, elidable, dont_look_inside, unroll_safe, we_are_jitted, hint
def get_location(pc: int, code: str) -> str:
    return str(pc) + ":" + code[pc]
driver = JitDriver(greens=["pc", "code"], reds=["acc", "n"], get_printable_location=get_location)
def cost(op: str) -> int:
    if op == "+":
        return 1
    return 2
    while n > 0:
            acc += cost(op)
def entry_point(argv: list[str]) -> int:
    return 0
if __name__ == "__main__":
    import sys

