"""A dispatch loop over the one-character strings of a program text (as
the Brainfuck example's), with JIT hints: the comparisons run inline in
native code, in the JIT's thunks and in traces. Commands are compared with
constants, with a str held in a variable, and with a str that may be None.
"""

from kiln.jit import JitDriver

driver = JitDriver(greens=["pc", "program"], reds=["acc", "marker", "seen", "maybe", "rounds"])


def pick(flag: bool) -> "str | None":
    if flag:
        return "\u20ac"
    return None


def run(program: str, rounds: int, marker_text: str, maybe: "str | None") -> int:
    acc = 0
    seen = 0
    marker = marker_text[0]
    pc = 0
    while pc < len(program):
        driver.jit_merge_point(
            pc=pc, program=program, acc=acc, marker=marker, seen=seen, maybe=maybe, rounds=rounds
        )
        code = program[pc]
        if code == "+":
            acc += 1
        elif code == "-":
            acc -= 1
        elif code == "\u00e9":
            acc += 10
        elif code == "\U0001F600":
            acc += 100
        elif code == maybe:
            acc += 1000
        elif code == marker:
            seen += 1
        elif code != "]":
            acc *= 1
        if code == "]" and seen < rounds:
            seen += 1
            pc = 0
            driver.can_enter_jit(
                pc=pc, program=program, acc=acc, marker=marker, seen=seen, maybe=maybe, rounds=rounds
            )
            continue
        pc += 1
    return acc * 1000 + seen


def main() -> None:
    prog = "++-\u00e9x\U0001F600\u20ac+yx]"
    print(run(prog, 50, "x", pick(True)))
    print(run(prog, 50, "y", pick(False)))
    print(run(prog, 7, "\u20ac", None))
    print(run("", 3, "x", None))


def entry_point(argv: list[str]) -> int:
    main()
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
