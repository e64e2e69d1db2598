# fuzz: internal error: the lowered IR does not verify: in @entry_point, block1, `call @kiln_prelude.list_del_slice_step$0(v12, v18, v19, v17, v20, v21)`: operand 4 of `call` must be `int`, got `str`
def checked_div(a: int, b: int) -> int:
    assert b != 0, "division by zero in checked_div"
def entry_point(argv: list[str]) -> int:
    xs = list(range(10))
    del xs[::"zz"]
    try:
        assert len(xs) > 10
    except AssertionError as e:
        print("AssertionError: [" + str(e) + "]")
    return 0
