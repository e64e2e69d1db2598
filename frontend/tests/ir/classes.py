# Classes: fields, a virtual method overridden in a subclass, super() and a
# direct base call, isinstance, a class attribute.


class Shape:
    SIDES = 0

    def __init__(self, name: str):
        self.name = name

    def area(self) -> float:
        return 0.0

    def describe(self) -> str:
        return self.name + " " + str(self.area())


class Square(Shape):
    SIDES = 4

    def __init__(self, side: float):
        super().__init__("square")
        self.side = side

    def area(self) -> float:
        return self.side * self.side


def total_sides(shapes: list[Shape]) -> int:
    n = 0
    for s in shapes:
        if isinstance(s, Square):
            n += s.SIDES
    return n


def entry_point(argv: list[str]) -> int:
    shapes = [Shape("dot"), Square(2.0)]
    for s in shapes:
        print(s.describe())
    print(total_sides(shapes))
    return 0
