# Helper module of modules/main.py: constants, functions, a class hierarchy,
# an exception and module state.
import mathutil

ORIGIN_NAME = "origin"
created = 0


class GeometryError(Exception):
    pass


class Point:
    def __init__(self, x: int, y: int):
        global created
        created += 1
        self.x = x
        self.y = y

    def norm2(self) -> int:
        return mathutil.square(self.x) + mathutil.square(self.y)

    def __str__(self) -> str:
        return "(" + str(self.x) + ", " + str(self.y) + ")"


def midpoint(a: Point, b: Point) -> Point:
    if (a.x + b.x) % 2 != 0 or (a.y + b.y) % 2 != 0:
        raise GeometryError("no integer midpoint between " + str(a) + " and " + str(b))
    return Point((a.x + b.x) // 2, (a.y + b.y) // 2)
