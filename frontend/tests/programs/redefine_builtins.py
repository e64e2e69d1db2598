# Names of built-ins may be redefined by the program: functions called
# `eval`, `compile` and `repr`-like names, a class called `SyntaxError`,
# variables shadowing `list`/`max`/`input`.


class SyntaxError(Exception):
    pass


def eval(source: str) -> int:
    total = 0
    for part in source.split("+"):
        part = part.strip()
        if not part.isdigit():
            raise SyntaxError("not a number: " + part)
        total += int(part)
    return total


def compile(source: str) -> list[str]:
    return source.split()


def entry_point(argv: list[str]) -> int:
    print(eval("1 + 2 + 39"))
    try:
        eval("1 + x")
    except SyntaxError as e:
        print("SyntaxError:", e)
    print(compile("a b c"))
    input = "shadowed input"
    max = 3
    print(input, max + 1)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
