# getattr and setattr with constant attribute names (SUBSET.md excludes
# only non-constant names; see /tmp/kiln-frontend-bugs/tests-8.md).


class Point:
    def __init__(self, x: int, y: int):
        self.x = x
        self.y = y


def entry_point(argv: list[str]) -> int:
    p = Point(1, 2)
    setattr(p, "y", 5)
    print(getattr(p, "x"), getattr(p, "y"), p.y)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
