# pop() of a list that never holds an item, inside try/except
# (see /tmp/kiln-frontend-bugs/tests-2.md).


def entry_point(argv: list[str]) -> int:
    empty = []
    try:
        empty.pop()
    except IndexError as e:
        print("IndexError:", e)
    typed: list[int] = []
    try:
        print(typed.pop() + 1)
    except IndexError as e:
        print("IndexError:", e)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
