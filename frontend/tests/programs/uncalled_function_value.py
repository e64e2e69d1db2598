# A function used only as a value and never called: its parameters have no
# type, so the code after their first use cannot run; values defined there
# and used in later blocks must not break the lowering (progfuzz seed 3044).
def op1(a: int, b: int) -> int:
    if [b, a, 657] + [287] == ([954, 0] if "x".isspace() else [702, -2]):
        return a
    return 3


FUNCS = [op1]


def entry_point(argv: list[str]) -> int:
    print(len(FUNCS))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
