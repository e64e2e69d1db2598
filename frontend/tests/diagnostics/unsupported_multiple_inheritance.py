# Rule: multiple inheritance is not in Kiln Python.
#
# error: 20:20
# kind: Unsupported
# message: multiple inheritance
# message: not in Kiln Python
# errors: 1


class Named:
    def __init__(self):
        self.name = "n"


class Sized:
    def __init__(self):
        self.size = 1


class Thing(Named, Sized):
    pass


def entry_point(argv: list[str]) -> int:
    print(Thing().name)
    return 0
