# Every variable live across jit_merge_point must be a green or a red:
# `steps` is live but not passed.
#
# error: 19:9
# kind: Hint
# message: `steps`
# message: jit_merge_point
# errors: 1
from kiln.jit import JitDriver

driver = JitDriver(greens=["pc", "code"], reds=["acc"])


def run(code: str) -> int:
    pc = 0
    acc = 0
    steps = 0
    while pc < len(code):
        driver.jit_merge_point(pc=pc, code=code, acc=acc)
        if code[pc] == "+":
            acc += 1
        steps += 1
        pc += 1
    return acc + steps


def entry_point(argv: list[str]) -> int:
    print(run("+-+"))
    return 0
