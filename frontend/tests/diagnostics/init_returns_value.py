# __init__ returns None: returning a value is a TypeError in CPython
# ("__init__() should return None, not 'int'"), so a translation error here.
#
# error: 13:9
# kind: Type
# message: `__init__`
# errors: 1


class Counter:
    def __init__(self):
        self.n = 1
        return 5


def entry_point(argv: list[str]) -> int:
    print(Counter().n)
    return 0
