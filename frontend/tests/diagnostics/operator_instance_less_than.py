# `<` on instances of a class without ordering methods.
#
# error: 16:11
# kind: Type
# message: `<`
# message: `Version`
# errors: 1


class Version:
    def __init__(self, n: int):
        self.n = n


def entry_point(argv: list[str]) -> int:
    print(Version(1) < Version(2))
    return 0
