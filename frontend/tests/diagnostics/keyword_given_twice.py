# An argument given both by position and by keyword.
#
# error: 14:11
# message: `greet`
# message: `name`
# errors: 1


def greet(name: str, greeting: str = "hello") -> str:
    return greeting + " " + name


def entry_point(argv: list[str]) -> int:
    print(greet("ann", name="bob"))
    return 0
