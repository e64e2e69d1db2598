# An uncaught exception raised by a built-in operation: KeyError prints the
# key's repr; the exit status is 1.


def lookup(d: dict[str, int], k: str) -> int:
    return d[k]


def entry_point(argv: list[str]) -> int:
    d = {"a": 1}
    print(lookup(d, "a"))
    print(lookup(d, "missing"))
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
