# None may be mixed only with instances, str, list and dict: an int that may
# be None is not in Kiln Python.
#
# error: 15:13
# kind: Type
# message: `int`
# message: `None`
# origin: 16:5
# errors: 1


def find(xs: list[int], v: int):
    for i in range(len(xs)):
        if xs[i] == v:
            return i
    return None


def entry_point(argv: list[str]) -> int:
    print(find([1, 2], 2))
    return 0
