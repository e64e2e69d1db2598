# isinstance(x, C) narrows x to C: reading subclass-only attributes and
# calling subclass-only methods; isinstance with a tuple of classes.


class Expr:
    pass


class Num(Expr):
    def __init__(self, v: int):
        self.v = v


class Add(Expr):
    def __init__(self, left: Expr, right: Expr):
        self.left = left
        self.right = right


class Neg(Expr):
    def __init__(self, e: Expr):
        self.e = e

    def only_on_neg(self) -> str:
        return "neg"


def evaluate(e: Expr) -> int:
    if isinstance(e, Num):
        return e.v
    elif isinstance(e, Add):
        return evaluate(e.left) + evaluate(e.right)
    elif isinstance(e, Neg):
        return -evaluate(e.e)
    raise ValueError("unknown node")


def show(e: Expr) -> str:
    if isinstance(e, Num):
        return str(e.v)
    if isinstance(e, Add):
        return "(" + show(e.left) + " + " + show(e.right) + ")"
    if isinstance(e, Neg):
        return e.only_on_neg() + " " + show(e.e)
    return "?"


def entry_point(argv: list[str]) -> int:
    tree = Add(Num(2), Neg(Add(Num(3), Num(4))))
    print(show(tree), "=", evaluate(tree))
    for e in [Num(1), tree, Neg(Num(5)), Expr()]:
        print(isinstance(e, Num), isinstance(e, (Add, Neg)), isinstance(e, Expr))
    try:
        evaluate(Expr())
    except ValueError as err:
        print("ValueError:", err)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
