"""Host exceptions that carry guest errors.

`OperationError` is a guest exception travelling through the host: the
interpreter catches it at each frame to find a guest handler.
`GuestSyntaxError` is raised by the lexer, parser and compiler.
"""

from objects import (
    W_Object, W_Class, W_ExcInstance, W_Str, W_Tuple, instance_set,
    w_TypeError, w_ValueError, w_IndexError, w_KeyError, w_NameError, w_AttributeError,
    w_ZeroDivisionError, w_OverflowError,
)


class GuestSyntaxError(Exception):
    """A syntax error in the guest program, at a line.  `kind` is the name
    of the guest exception: SyntaxError or IndentationError."""

    def __init__(self, msg: str, line: int):
        Exception.__init__(self, msg)
        self.msg = msg
        self.line = line
        self.kind = "SyntaxError"

    def __str__(self) -> str:
        return self.msg


def indentation_error(msg: str, line: int) -> GuestSyntaxError:
    e = GuestSyntaxError(msg, line)
    e.kind = "IndentationError"
    return e


class OperationError(Exception):
    """A guest exception (`w_exc` is the guest exception instance).

    `line` is where it was raised (0 until the interpreter sets it)."""

    def __init__(self, w_exc: W_Object):
        Exception.__init__(self)
        self.w_exc = w_exc
        self.line = 0

    def __str__(self) -> str:
        return "guest exception"


def new_exception(w_type: W_Class, args: list[W_Object]) -> W_ExcInstance:
    """A fresh instance of an exception class with `args` set."""
    w_exc = W_ExcInstance(w_type)
    instance_set(w_exc, "args", W_Tuple(args))
    return w_exc


def oefmt(w_type: W_Class, msg: str) -> OperationError:
    """An OperationError of a built-in exception type with a message."""
    return OperationError(new_exception(w_type, [W_Str(msg)]))


def type_error(msg: str) -> OperationError:
    return oefmt(w_TypeError, msg)


def value_error(msg: str) -> OperationError:
    return oefmt(w_ValueError, msg)


def index_error(msg: str) -> OperationError:
    return oefmt(w_IndexError, msg)


def key_error(w_key: W_Object) -> OperationError:
    return OperationError(new_exception(w_KeyError, [w_key]))


def name_error(name: str) -> OperationError:
    return oefmt(w_NameError, "name '" + name + "' is not defined")


def attribute_error(msg: str) -> OperationError:
    return oefmt(w_AttributeError, msg)


def zero_division(msg: str) -> OperationError:
    return oefmt(w_ZeroDivisionError, msg)


def overflow() -> OperationError:
    return oefmt(w_OverflowError, "integer overflow (ints are 64-bit in this interpreter)")
