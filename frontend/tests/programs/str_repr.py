# repr() and str() of str, int, float and bool; quote choice and escapes.


def entry_point(argv: list[str]) -> int:
    print(repr("plain"), repr("it's"), repr('say "hi"'), repr("both ' and \""))
    print(repr("tab\there"), repr("line\nbreak"), repr("back\\slash"), repr("\x00\x7f"))
    print(repr("é€😀"), repr(""), repr("\r"))
    print(repr(1), repr(-20), repr(1.0), repr(1e100), repr(True), repr(False))
    print(str(0.5), str(100), str(False))
    items = ["a", "b'c", 'd"e']
    print(items, repr(items))
    print((1, "x", 2.5), [(1, "a")], {"k": [1.5]})
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
