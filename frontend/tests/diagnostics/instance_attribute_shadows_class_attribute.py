# An attribute keeps one type: `KIND` is a str class attribute and an int
# is stored into it through an instance. Both origins are named.
#
# error: 17:9
# kind: Type
# message: `Tag.KIND`
# message: `int`
# message: `str`
# origin: 14:5
# errors: 1


class Tag:
    KIND = "tag"

    def retag(self) -> None:
        self.KIND = 3


def entry_point(argv: list[str]) -> int:
    t = Tag()
    t.retag()
    print(t.KIND)
    return 0
