def over_list(xs: list[int]) -> int:
    total = 0
    for x in xs:
        total += x
    else:
        total += 100
    return total


def indexed(xs: list[str], ys: list[int], d: dict[str, int]) -> None:
    for i, x in enumerate(xs):
        print(i, x)
    for i, x in enumerate(xs, 1):
        print(i, x)
    for pair in zip(xs, ys):
        print(pair)
    for x in reversed(xs):
        print(x)
    for k, v in d.items():
        print(k, v)
    for k in d.keys():
        print(k)
