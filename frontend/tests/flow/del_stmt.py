def forms(xs: list[int], d: dict[str, int]) -> int:
    tmp = len(xs)
    del tmp
    tmp = 3
    del d["a"], xs[0:2]
    return tmp
