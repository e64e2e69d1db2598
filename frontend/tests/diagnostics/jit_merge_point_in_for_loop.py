# Only greens and reds may be live across jit_merge_point: a `for` loop's
# hidden position over its list is live across this one.
#
# error: 16:9
# kind: Hint
# message: hidden value
# errors: 1
from kiln.jit import JitDriver

driver = JitDriver(greens=["op"], reds=["acc"])


def run(ops: list[int]) -> int:
    acc = 0
    for op in ops:
        driver.jit_merge_point(op=op, acc=acc)
        acc += op
    return acc


def entry_point(argv: list[str]) -> int:
    print(run([1, 2, 3]))
    return 0
