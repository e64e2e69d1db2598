# Single inheritance: virtual methods, a three-level hierarchy, super() and
# Base.m(self, ...) calls, subclass-only attributes, a method called through
# the base class but defined only in subclasses.


class Shape:
    def __init__(self, name: str):
        self.name = name

    def area(self) -> float:
        return 0.0

    def describe(self) -> str:
        return self.name + " with area " + str(self.area()) + " " + self.extra()


class Rect(Shape):
    def __init__(self, w: float, h: float):
        super().__init__("rect")
        self.w = w
        self.h = h

    def area(self) -> float:
        return self.w * self.h

    def extra(self) -> str:
        return "(" + str(self.w) + "x" + str(self.h) + ")"


class Square(Rect):
    def __init__(self, side: float):
        Rect.__init__(self, side, side)
        self.name = "square"

    def extra(self) -> str:
        return "side " + str(self.w) + " / " + super().extra()


class Circle(Shape):
    def __init__(self, r: float):
        Shape.__init__(self, "circle")
        self.r = r

    def area(self) -> float:
        return 3.0 * self.r * self.r

    def extra(self) -> str:
        return "r=" + str(self.r)


def entry_point(argv: list[str]) -> int:
    shapes: list[Shape] = [Rect(2.0, 3.0), Square(1.5), Circle(1.0)]
    total = 0.0
    for s in shapes:
        print(s.describe())
        total += s.area()
    print("total", total)
    sq = Square(2.0)
    print(sq.area(), sq.w, isinstance(sq, Rect), isinstance(sq, Circle))
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
