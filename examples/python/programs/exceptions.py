# Exceptions: try/except/else/finally, raise, user exception classes,
# re-raising, exceptions from built-in operations, and finally with
# return/break/continue.


class AppError(Exception):
    pass


class ParseError(AppError):
    def __init__(self, msg, pos):
        super().__init__(msg)
        self.pos = pos

    def __str__(self):
        return "parse error at %d: %s" % (self.pos, self.args[0])


def check(n):
    if n < 0:
        raise ValueError("negative: " + str(n))
    if n == 0:
        raise ParseError("zero", 7)
    return n * 2


for n in [3, -1, 0]:
    try:
        print("ok", check(n))
    except ValueError as e:
        print("ValueError", e)
    except AppError as e:
        print("AppError", e, e.pos, isinstance(e, ParseError))
    else:
        print("no error")
    finally:
        print("finally", n)


def builtin_errors():
    tests = [
        lambda: 1 // 0,
        lambda: [1, 2][5],
        lambda: {"a": 1}["b"],
        lambda: int("abc"),
        lambda: "x" + 1,
        lambda: None.foo,
        lambda: undefined_name,
        lambda: [].pop(),
        lambda: 1.5 % 0,
        lambda: (1, 2).index(3),
    ]
    for t in tests:
        try:
            t()
        except Exception as e:
            print(type(e).__name__ + ":", e)


builtin_errors()


def finally_return():
    try:
        return "from try"
    finally:
        print("cleanup runs before return")


print(finally_return())


def finally_override():
    for i in range(5):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            print("body", i)
        finally:
            print("finally", i)
    return i


print("loop ended at", finally_override())


def reraise():
    try:
        try:
            raise KeyError("k")
        except KeyError:
            print("caught, re-raising")
            raise
    except LookupError as e:
        print("outer caught", repr(e))


reraise()


def nested(depth):
    try:
        if depth == 0:
            raise RuntimeError("bottom")
        nested(depth - 1)
    finally:
        print("unwind", depth)


try:
    nested(3)
except RuntimeError as e:
    print("got", e)

try:
    raise AppError
except AppError as e:
    print("bare class raised:", repr(e), str(e) == "")

try:
    assert 1 + 1 == 3, "math is broken"
except AssertionError as e:
    print("assert:", e)

errors = []
for value in ["1", "x", "2.5", "7"]:
    try:
        errors.append(int(value))
    except ValueError:
        errors.append(-1)
print(errors)


def count_down(n):
    if n == 0:
        raise StopIteration("done")
    return count_down(n - 1)


try:
    count_down(50)
except StopIteration as e:
    print("deep raise:", e)

try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("converted")
except ValueError as e:
    print("chained:", e)

e = Exception("a", 2)
print(e.args, str(e), repr(e), repr(ValueError()), str(KeyError("key")))


class Resource:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        print("enter", self.name)
        return self

    def __exit__(self, exc_type, exc, tb):
        print("exit", self.name, exc_type.__name__ if exc_type is not None else None)
        return exc_type is ValueError


with Resource("a") as r:
    print("inside", r.name)
with Resource("b"):
    raise ValueError("swallowed")
try:
    with Resource("c"):
        raise KeyError("escapes")
except KeyError as e:
    print("escaped", e)
