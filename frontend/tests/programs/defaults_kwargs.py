# Default arguments (constants, module-level constants, None) and keyword
# arguments at call sites, for functions, methods and constructors.

LIMIT = 10
SEP = "/"


def join3(a: str, b: str = "B", c: str = SEP) -> str:
    return a + c + b


def clamp(x: int, lo: int = 0, hi: int = LIMIT) -> int:
    return max(lo, min(hi, x))


def greet(name: str, greeting: str | None = None) -> str:
    if greeting is None:
        return "hello " + name
    return greeting + " " + name


class Box:
    def __init__(self, w: int = 1, h: int = 1, label: str = "box"):
        self.w = w
        self.h = h
        self.label = label

    def scaled(self, k: int = 2) -> int:
        return self.w * self.h * k


def entry_point(argv: list[str]) -> int:
    print(join3("x"), join3("x", "y"), join3("x", c="-"), join3(c=":", a="p", b="q"))
    print(clamp(50), clamp(-5), clamp(5, hi=3), clamp(5, 6), clamp(x=7, lo=8))
    print(greet("ann"), greet("bob", "hi"), greet(greeting="yo", name="cy"))
    b1 = Box()
    b2 = Box(3, label="big")
    b3 = Box(h=5)
    print(b1.w, b1.h, b1.label, b2.w, b2.h, b2.label, b3.w, b3.h)
    print(b2.scaled(), b2.scaled(10), b3.scaled(k=3))
    print("a", "b", sep="-", end="!\n")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
