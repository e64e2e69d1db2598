# Text: an f-string with format specs, % formatting, str methods, slicing.


def report(name: str, score: float, rank: int) -> str:
    return f"{name:>6}|{score:.2f}|{rank:03d}"


def initials(full: str) -> str:
    parts = full.split()
    return "".join([p[0].upper() for p in parts])


def entry_point(argv: list[str]) -> int:
    print(report("ann", 9.5, 3))
    print("%s has %d chars" % ("kiln", len("kiln")))
    print(initials("ada lovelace"), "abcdef"[1:4], "x".join(["1", "2"]))
    return 0
