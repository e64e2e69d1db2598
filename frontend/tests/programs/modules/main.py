# A program of three modules: `import m`, `from m import name`, subclassing
# a class of another module, catching its exception, reading its state.
import geometry
import mathutil
from geometry import Point, GeometryError, midpoint
from mathutil import scaled as triple

print("main start-up")


class Point3(Point):
    def __init__(self, x: int, y: int, z: int):
        Point.__init__(self, x, y)
        self.z = z

    def norm2(self) -> int:
        return Point.norm2(self) + mathutil.square(self.z)


def entry_point(argv: list[str]) -> int:
    a = Point(0, 0)
    b = geometry.Point(4, 2)
    print(geometry.ORIGIN_NAME, a, b, midpoint(a, b), b.norm2())
    try:
        midpoint(a, Point(1, 1))
    except GeometryError as e:
        print("error:", e)
    p = Point3(1, 2, 3)
    print(p.norm2(), triple(5), mathutil.SCALE, geometry.created)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
