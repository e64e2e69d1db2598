# del of list items, slices and dict entries; assert with and without a
# message (the failing ones caught).


def checked_div(a: int, b: int) -> int:
    assert b != 0, "division by zero in checked_div"
    return a // b


def entry_point(argv: list[str]) -> int:
    xs = list(range(10))
    del xs[0]
    del xs[-1]
    del xs[2:4]
    del xs[::2]
    print(xs)
    d = {"a": 1, "b": 2, "c": 3}
    del d["b"]
    print(d)
    try:
        del d["zz"]
    except KeyError as e:
        print("KeyError:", e)
    assert len(xs) == 3
    print(checked_div(7, 2))
    try:
        checked_div(1, 0)
    except AssertionError as e:
        print("AssertionError:", e)
    try:
        assert len(xs) > 10
    except AssertionError as e:
        print("AssertionError: [" + str(e) + "]")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
