# Rule: `**kwargs` parameters are not in Kiln Python.
#
# error: 10:26
# kind: Unsupported
# message: `**kwargs`
# message: not in Kiln Python
# errors: 1


def configure(name: str, **options: int) -> str:
    return name


def entry_point(argv: list[str]) -> int:
    print(configure("x", depth=3))
    return 0
