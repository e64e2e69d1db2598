counter = 0


class Box:
    def __init__(self):
        self.n = 1


def idx(i: int) -> int:
    return i


def forms(b: Box, xs: list[int], grid: list[list[int]]) -> None:
    global counter
    counter += 1
    n = 1
    n <<= 2
    b.n += 41
    xs[idx(0)] -= 1
    grid[idx(1)][idx(0)] *= 2
    xs[1:3] += [7]
