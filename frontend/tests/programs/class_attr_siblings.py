# Attribute ownership: an attribute belongs to the most general class it is
# accessed through; sibling classes may have same-named attributes of
# different types when no common base accesses them; a field set only in a
# subclass and read through it; attributes created outside __init__.


class Base:
    def __init__(self, name: str):
        self.name = name

    def payload_text(self) -> str:
        return "?"


class IntHolder(Base):
    def __init__(self, v: int):
        Base.__init__(self, "int")
        self.payload = v

    def payload_text(self) -> str:
        return str(self.payload + 1)


class StrHolder(Base):
    def __init__(self, v: str):
        Base.__init__(self, "str")
        self.payload = v

    def payload_text(self) -> str:
        return self.payload.upper()


class Lazy:
    def __init__(self):
        self.cache: list[int] = []

    def fill(self) -> None:
        self.filled = True
        self.cache.append(len(self.cache))


def entry_point(argv: list[str]) -> int:
    hs: list[Base] = [IntHolder(41), StrHolder("abc")]
    for h in hs:
        print(h.name, h.payload_text())
    lz = Lazy()
    lz.fill()
    lz.fill()
    print(lz.filled, lz.cache)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
