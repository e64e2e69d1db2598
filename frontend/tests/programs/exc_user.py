# User exception hierarchies: handler order, except (A, B), except ... as e,
# else, str(e), exceptions with extra attributes, deriving from ValueError.


class AppError(Exception):
    pass


class ParseError(AppError):
    def __init__(self, msg: str, pos: int):
        AppError.__init__(self, msg)
        self.pos = pos


class LimitError(AppError):
    pass


class BadValue(ValueError):
    pass


def work(n: int) -> int:
    if n == 0:
        raise ParseError("unexpected token", 7)
    if n == 1:
        raise LimitError("too big")
    if n == 2:
        raise BadValue("bad value " + str(n))
    if n == 3:
        raise AppError()
    return n * 10


def entry_point(argv: list[str]) -> int:
    for n in range(5):
        try:
            r = work(n)
        except ParseError as e:
            print("parse error:", str(e), "at", e.pos)
        except (LimitError, KeyError) as e:
            print("limit or key:", e)
        except ValueError as e:
            print("value error:", e, isinstance(e, BadValue))
        except AppError as e:
            print("app error: [" + str(e) + "]")
        else:
            print("ok", r)
    try:
        raise LimitError("caught by base")
    except AppError as e:
        print(type_name(e), e)
    return 0


def type_name(e: AppError) -> str:
    if isinstance(e, LimitError):
        return "LimitError"
    if isinstance(e, ParseError):
        return "ParseError"
    return "AppError"


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
