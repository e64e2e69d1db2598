# Exceptions: a user class, raise, try/except/else/finally, a built-in
# exception from an operation, re-raise.


class ParseError(Exception):
    pass


def parse(s: str) -> int:
    if s == "":
        raise ParseError("empty")
    return int(s)


def safe(s: str) -> int:
    try:
        v = parse(s)
    except ParseError:
        return -1
    except ValueError:
        raise
    else:
        v += 1
    finally:
        print("done", s)
    return v


def entry_point(argv: list[str]) -> int:
    print(safe("41"), safe(""))
    return 0
