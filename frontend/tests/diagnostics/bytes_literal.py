# bytes is not in the subset.
#
# error: 10:12
# kind: Unsupported
# message: bytes
# errors: 1


def entry_point(argv: list[str]) -> int:
    data = b"raw"
    print(len(data))
    return 0
