def classify(n: int) -> str:
    if n < 0:
        s = "neg"
    elif n == 0:
        s = "zero"
    else:
        s = "pos"
    return s


def dead_at_join(n: int) -> int:
    # `t` is dead where the branches meet: no block parameter for it.
    if n > 0:
        t = n * 2
        print(t)
    else:
        t = "text"
        print(t)
    return n


def no_else(n: int) -> int:
    r = 0
    if n > 10:
        r = 1
    return r


def early_return(n: int) -> int:
    if n > 0:
        return 1
    return 2
