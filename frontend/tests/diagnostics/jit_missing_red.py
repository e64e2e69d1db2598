# jit_merge_point must name every red of the driver: `acc` is declared red
# but not passed.
#
# error: 17:9
# kind: Hint
# message: `acc`
# errors: 1
from kiln.jit import JitDriver

driver = JitDriver(greens=["pc", "code"], reds=["acc"])


def run(code: str) -> int:
    pc = 0
    acc = 0
    while pc < len(code):
        driver.jit_merge_point(pc=pc, code=code)
        acc += ord(code[pc])
        pc += 1
    return acc


def entry_point(argv: list[str]) -> int:
    print(run("ab"))
    return 0
