# Printing empty containers whose item types are never fixed by the program
# (see /tmp/kiln-frontend-bugs/tests-1.md).


def entry_point(argv: list[str]) -> int:
    print([], {})
    x = {}
    print(len(x), x)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
