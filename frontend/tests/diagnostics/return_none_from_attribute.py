# A method annotated to return `Klass` returns an attribute that may be None;
# the note names where the None comes from: a `None` passed to `__init__`
# at module level, stored into the attribute there.
#
# error: 22:9
# kind: Type
# message: `Klass | None`
# message: `Klass`
# errors: 1


class Klass:
    def __init__(self, name: str):
        self.name = name


class Obj:
    def __init__(self, k):
        self.k = k

    def getclass(self) -> Klass:
        return self.k


PLACEHOLDER = Obj(None)


def entry_point(argv: list[str]) -> int:
    o = Obj(Klass("A"))
    print(o.getclass().name)
    PLACEHOLDER.k = Klass("B")
    print(PLACEHOLDER.getclass().name)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
