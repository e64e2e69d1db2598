def forms(t: tuple[int, str], xs: list[int]) -> None:
    a, b = t
    [c, d] = xs
    (p, q), r = (1, 2), 3
    a, c = c, a
    m = k = 5
    print(a, b, c, d, p, q, r, m, k)
    for u, (v, w) in [(1, (2, 3))]:
        print(u, v, w)


def left_to_right(vals: list[int]) -> None:
    i = 0
    i, vals[i] = 1, 9
