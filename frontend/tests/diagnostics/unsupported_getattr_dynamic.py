# Rule: `getattr` with a non-constant name is not in Kiln Python.
#
# error: 20
# kind: Unsupported
# message: `getattr`
# message: attribute name
# message: not in Kiln Python
# errors: 1


class Point:
    def __init__(self, x: int, y: int):
        self.x = x
        self.y = y


def entry_point(argv: list[str]) -> int:
    p = Point(1, 2)
    name = "x" if len(argv) > 1 else "y"
    print(getattr(p, name))
    return 0
