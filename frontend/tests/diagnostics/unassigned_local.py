# A local variable read on a path where it may not have been assigned is
# an error (as in RPython).
#
# error: 13:11
# message: `name`
# message: before it is assigned
# errors: 1


def entry_point(argv: list[str]) -> int:
    if len(argv) > 1:
        name = argv[1]
    print(name)
    return 0
