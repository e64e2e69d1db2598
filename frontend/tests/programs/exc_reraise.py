# Re-raising: bare `raise` in a handler, raising a new exception from a
# handler, exceptions crossing several frames, try/except/else/finally.


class Fatal(Exception):
    pass


def level3(n: int) -> int:
    if n < 0:
        raise Fatal("negative: " + str(n))
    return n


def level2(n: int) -> int:
    try:
        return level3(n)
    except Fatal:
        print("level2 saw it, re-raising")
        raise


def level1(n: int) -> int:
    try:
        return level2(n)
    except Fatal as e:
        raise ValueError("wrapped: " + str(e))


def entry_point(argv: list[str]) -> int:
    print(level1(4))
    try:
        level1(-3)
    except ValueError as e:
        print("entry caught:", e)
    try:
        try:
            [1, 2, 3][10]
        except IndexError:
            print("first handler")
            raise
        else:
            print("not reached")
    except IndexError as e:
        print("outer:", e)
    else:
        print("not reached either")
    finally:
        print("finally runs")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
