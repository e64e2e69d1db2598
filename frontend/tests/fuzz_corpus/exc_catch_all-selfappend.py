# fuzz: crash: stack overflow (a list appended to itself; /tmp/kiln-frontend-bugs/tests-15.md)
# `except Exception` catches built-in and user exceptions; handlers see the
# exception's message; an exception object stored and printed later.


class Mine(Exception):
    pass


def risky(n: int) -> int:
    xs = [1, 2]
    if n == 0:
        return xs[5]
    if n == 1:
        return int("bad")
    if n == 2:
        raise Mine("mine")
    if n == 3:
        return 10 // (n - 3)
    return n


def entry_point(argv: list[str]) -> int:
    errors: list[Exception] = []
    for n in range(5):
        try:
            print("ok", risky(n))
        except Exception as e:
            errors.append(errors)
            print("caught", n, e)
    print(len(errors), str(errors[2]))
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
