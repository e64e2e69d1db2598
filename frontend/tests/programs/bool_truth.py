# bool: printing, and/or/not with Python's truthiness for int, float, str,
# list, dict and instances; bool(); bools as ints.


class Thing:
    def __init__(self, n: int):
        self.n = n


def describe(t: Thing | None) -> str:
    if t:
        return "thing"
    return "nothing"


def entry_point(argv: list[str]) -> int:
    print(True, False, not True, not 0, not "", not [1])
    print(bool(0), bool(3), bool(0.0), bool(-0.5), bool(""), bool("x"))
    empty: list[int] = []
    full = [1, 2]
    d: dict[str, int] = {}
    print(bool(empty), bool(full), bool(d), not d)
    print(3 and 4, 0 and 4, 3 or 4, 0 or 4, "" or "default", "a" and "b")
    print(empty or full, True + True, True * 10, False - 1)
    print(describe(Thing(1)), describe(None))
    flag = 5 > 3
    print(flag, flag == True, int(flag), str(flag), repr(False))
    count = 0
    for v in [0, 1, 2, 0, 3]:
        if v:
            count += 1
    print("truthy", count)
    s = "abc"
    if s and len(s) > 2 and s[0] == "a":
        print("short-circuit ok")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
