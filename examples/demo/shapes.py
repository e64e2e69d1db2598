# A small Kiln Python program: a class hierarchy with virtual calls, lists,
# dicts, string formatting, and an exception raised in one function and
# caught two calls up. Run it with `kiln run examples/demo/shapes.py` (or with
# CPython: `PYTHONPATH=python python3 examples/demo/shapes.py`).


class BadShape(ValueError):
    pass


class Shape:
    def __init__(self, name: str):
        self.name = name

    def area(self) -> float:
        return 0.0

    def __str__(self) -> str:
        return f"{self.name}({self.area():.2f})"


class Rect(Shape):
    def __init__(self, w: float, h: float):
        super().__init__("rect")
        self.w = w
        self.h = h

    def area(self) -> float:
        return self.w * self.h


class Circle(Shape):
    def __init__(self, r: float):
        super().__init__("circle")
        self.r = r

    def area(self) -> float:
        return 3.141592653589793 * self.r * self.r


def check(size: float) -> float:
    if size < 0:
        raise BadShape("negative size %.1f" % size)
    return size


def make(kind: str, size: float) -> Shape:
    if kind == "rect":
        return Rect(check(size), size / 2)
    return Circle(check(size))


def entry_point(argv: list[str]) -> int:
    shapes = [make("rect", 4.0), make("circle", 1.0), make("rect", 3.0)]
    by_kind: dict[str, list[float]] = {}
    for s in shapes:
        print(s)
        by_kind.setdefault(s.name, []).append(s.area())
    for kind in by_kind:
        print(kind, len(by_kind[kind]), "total", round_to(sum(by_kind[kind])))
    try:
        make("circle", -2.0)
    except BadShape as e:
        print("caught:", e)
        return 3
    return 0


def round_to(x: float) -> str:
    return "%.3f" % x


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
