# fuzz: internal error: the lowered IR does not verify: in @entry_point, block2, `v5: int = dict_getitem v3, v4 catch block3(exc)`: operand 2 of `dict_getitem` must be `int`, got `str`
def entry_point(argv: list[str]) -> int:
    grid = {}
    try:
        print(grid["x"])
    except KeyError as e:
        print("y", e)
    return 0
