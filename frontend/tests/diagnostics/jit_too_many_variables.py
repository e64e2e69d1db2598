# A JitDriver has at most 64 greens and reds together (the native JIT passes
# them in a buffer of that many words): this one has 65.
#
# error: 11:10
# kind: Hint
# message: at most 64 greens and reds together, this one has 65 (1 greens, 64 reds)
# errors: 1
from kiln.jit import JitDriver

# fmt: off
driver = JitDriver(greens=["pc"], reds=["r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "r16", "r17", "r18", "r19", "r20", "r21", "r22", "r23", "r24", "r25", "r26", "r27", "r28", "r29", "r30", "r31", "r32", "r33", "r34", "r35", "r36", "r37", "r38", "r39", "r40", "r41", "r42", "r43", "r44", "r45", "r46", "r47", "r48", "r49", "r50", "r51", "r52", "r53", "r54", "r55", "r56", "r57", "r58", "r59", "r60", "r61", "r62", "r63"])


def entry_point(argv: list[str]) -> int:
    print(len(argv))
    return 0
