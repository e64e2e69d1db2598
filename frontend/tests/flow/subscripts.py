def forms(xs: list[int], s: str, d: dict[int, int]) -> None:
    print(xs[0], xs[-1], s[1:], s[:2], s[::2], s[1:-1:3], xs[:])
    xs[0] = 5
    xs[1:2] = [8, 9]
    d[(1, 2)[0]] = 3
    del xs[0]
    del xs[1:]
    del d[1], xs[0]
