# entry_point's result is the exit status; argv holds the arguments.


def entry_point(argv: list[str]) -> int:
    print("args:", len(argv) - 1, argv[1:])
    if len(argv) > 2:
        return int(argv[1]) + int(argv[2])
    return 2


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
