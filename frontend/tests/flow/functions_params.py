from kiln import specialize
from kiln import jit

DEFAULT = 7


def defaults(a, b: int = 1, c=-2, d=-1.5, e="s", f=None, g=True, h=DEFAULT) -> int:
    return a


def annotated(xs: list[int], d: dict[str, tuple[int, float]], o: "Node" = None) -> int | None:
    pass


@specialize.argtype(0)
@jit.dont_look_inside
def hinted(x):
    return x


class Node:
    def __init__(self, value: int):
        self.value = value

    @staticmethod
    def make(v: int) -> "Node":
        return Node(v)


def no_return(x):
    x.value = 1
