class Node:
    def __init__(self, v: int):
        self.v = v


def checks(n: int, x) -> int:
    assert n >= 0
    assert n < 100, "too big: " + str(n)
    assert isinstance(x, Node)
    if n == 5:
        raise ValueError
    if n == 6:
        raise ValueError("six")
    return x.v
