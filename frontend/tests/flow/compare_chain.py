def value_chain(a: int, b: int, c: int) -> bool:
    return a < b <= c


def branch_chain(a: int, b: int, c: int) -> int:
    if 0 <= a < b != c:
        return 1
    return 0


def membership(x: int, xs: list[int]) -> bool:
    return x in xs and x not in [1, 2] and xs is not None
