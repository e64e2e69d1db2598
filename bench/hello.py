# Start-up time: the smallest program.


def entry_point(argv: list[str]) -> int:
    print("hello, world")
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
