# The function holding a driver's jit_merge_point (its portal) must have one
# copy: @specialize.arg makes one per constant `step`, two here.
#
# error: 19:9
# kind: Hint
# message: `@specialize`
# message: 2 copies
# errors: 1
from kiln import specialize
from kiln.jit import JitDriver

driver = JitDriver(greens=["pc"], reds=["n", "step"])


@specialize.arg(1)
def run(n: int, step: int) -> int:
    pc = 0
    while pc < n:
        driver.jit_merge_point(pc=pc, n=n, step=step)
        pc += step
    return pc


def entry_point(argv: list[str]) -> int:
    print(run(4, 1) + run(4, 2))
    return 0
