# An attribute that the class does not have (no instance ever sets it and
# no method or class attribute has the name).
#
# error: 18:11
# message: `z`
# message: `Point`
# errors: 1


class Point:
    def __init__(self, x: int, y: int):
        self.x = x
        self.y = y


def entry_point(argv: list[str]) -> int:
    p = Point(1, 2)
    print(p.z)
    return 0
