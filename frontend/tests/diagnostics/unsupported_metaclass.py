# Rule: metaclasses are not in Kiln Python.
#
# error: 14:14
# kind: Unsupported
# message: metaclass
# message: not in Kiln Python
# errors: 1


class Meta(type):
    pass


class Widget(metaclass=Meta):
    pass


def entry_point(argv: list[str]) -> int:
    Widget()
    return 0
