def down(n: int) -> int:
    return down(n + 1) + 1


def entry_point(argv: list[str]) -> int:
    for i in range(3):
        try:
            down(0)
        except RecursionError as e:
            print("caught", str(e))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
