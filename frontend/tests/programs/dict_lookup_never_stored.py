# Reading a dict that nothing is ever stored in: the lookups fix the key
# type and raise KeyError (see /tmp/kiln-frontend-bugs/tests-14.md).


def entry_point(argv: list[str]) -> int:
    grid = {}
    try:
        print(grid["x"])
    except KeyError as e:
        print("KeyError:", e)
    print(len(grid), "y" in grid)
    print(grid["z"])
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
