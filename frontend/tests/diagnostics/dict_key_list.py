# Dict keys are int, str, float, tuples of those, or instances: a list is
# not a valid key.
#
# kind: Type
# message: key
# message: `list[int]`
# errors: 1


def entry_point(argv: list[str]) -> int:
    seen: dict[list[int], int] = {}
    seen[[1, 2]] = 1
    print(len(seen))
    return 0
