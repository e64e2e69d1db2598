# sorted() with key= is not in the subset.
#
# error: 15:11
# kind: Unsupported
# message: `key`
# errors: 1


def length(s: str) -> int:
    return len(s)


def entry_point(argv: list[str]) -> int:
    words = ["ccc", "a", "bb"]
    print(sorted(words, key=length))
    return 0
