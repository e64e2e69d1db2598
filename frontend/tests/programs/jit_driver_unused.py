# A JitDriver (with get_printable_location) that no loop uses: the program
# still translates (see /tmp/kiln-frontend-bugs/tests-20.md).
from kiln.jit import JitDriver


def get_location(pc: int, code: str) -> str:
    return str(pc) + ":" + code[pc]


driver = JitDriver(greens=["pc", "code"], reds=["acc"], get_printable_location=get_location)


def entry_point(argv: list[str]) -> int:
    print("the driver is never used")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
