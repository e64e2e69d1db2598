class Größe:
    def __init__(self, n: int):
        self.wert = n

    def zeig(self) -> str:
        return "Größe " + str(self.wert)


class main:
    def __init__(self):
        self.x = 1


def finalize(x: int) -> int:
    return x + 1


def entry_point(argv: list[str]) -> int:
    g = Größe(3)
    print(g.zeig(), finalize(2), main().x)
    s = "a😀b"
    print(len(s), s[1], s[::-1], s.find("b"), repr(s))
    d = {(1, "x"): 2.5, (2, "y"): -0.0}
    print(d[(2, "y")], list(d.keys())[0][1])
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
