# fuzz: internal error: the lowered IR does not verify: in @entry_point, block1, `list_setslice v127, v132, v133, v131`: operand 3 of `list_setslice` must be `int`, got `str`
def entry_point(argv: list[str]) -> int:
    xs = [5, 3, 8, 1]
    ys = xs[1:3] + xs[::2] + xs[::-1] + xs[-2:] + xs[5:1:-2]
    zs = [0] * 5
    zs[1:"__main__"] = [7, 8, 9]
    grid = [[0] * 3 for i in range(2)]
    names = ["b", "a"]
    return 0
if __name__ == "__main__":
    import sys
