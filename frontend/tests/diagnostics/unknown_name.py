# An unknown name: `totl` is a typo for `total`.
#
# error: 13:11
# kind: Name
# message: `totl`
# errors: 1


def entry_point(argv: list[str]) -> int:
    total = 0
    for a in argv:
        total += len(a)
    print(totl)
    return 0
