# Rule: `setattr` with a non-constant name is not in Kiln Python.
#
# error: 20
# kind: Unsupported
# message: `setattr`
# message: attribute name
# message: not in Kiln Python
# errors: 1


class Point:
    def __init__(self, x: int, y: int):
        self.x = x
        self.y = y


def entry_point(argv: list[str]) -> int:
    p = Point(1, 2)
    field = argv[0]
    setattr(p, field, 5)
    print(p.x)
    return 0
