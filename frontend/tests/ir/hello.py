# The smallest program: its whole IR text (with the prelude's start-up) is
# snapshotted.


def entry_point(argv: list[str]) -> int:
    print("hello")
    return 0
