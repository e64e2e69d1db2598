class Shape:
    pass


class Circle(Shape):
    def __init__(self, r: float):
        self.r = r


class Square(Shape):
    def __init__(self, s: float):
        self.s = s


def area(sh: Shape) -> float:
    if isinstance(sh, Circle):
        return 3.0 * sh.r * sh.r
    elif isinstance(sh, (Square, Shape)) and sh.s > 0.0:
        return sh.s * sh.s
    return 0.0


def guard(sh: Shape) -> float:
    if not isinstance(sh, Circle):
        return -1.0
    return sh.r


def inverted(sh: Shape) -> float:
    if not isinstance(sh, Square):
        print("not a square")
    else:
        print(sh.s)
    return 0.0


def either(sh: Shape) -> bool:
    return isinstance(sh, Circle) and sh.r > 1.0
