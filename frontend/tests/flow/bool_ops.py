def value_and(a, b):
    return a and b


def value_or3(a, b, c):
    return a or b or c


def negate(a):
    return not a


def pick(c, a, b):
    return a if c else b


def cond(a: int, b: int) -> int:
    if a > 0 and (b > 0 or not a == b):
        return 1
    return 0
