"""The built-in modules a guest program may import: `math`, `sys` (argv,
exit, stdout/stderr/stdin), `time`."""

import math
import sys
import time
from objects import (
    W_Object, W_HostObject, W_Int, W_Float, W_Str, W_List, W_Module, W_BuiltinFunction,
    W_Class, Runtime, w_None, wrap_bool, type_name, new_builtin_type, w_object_type, K_OTHER,
    w_SystemExit,
)
from errors import OperationError, type_error, value_error, new_exception
from arith import float_to_int


w_stream_type = new_builtin_type("TextIOWrapper", w_object_type, K_OTHER)


class W_Stream(W_HostObject):
    """sys.stdout, sys.stderr or sys.stdin."""

    def __init__(self, name: str, fd: int):
        W_HostObject.__init__(self, w_stream_type)
        self.name = name
        self.fd = fd

w_stdin = W_Stream("<stdin>", 0)
w_stdout = W_Stream("<stdout>", 1)
w_stderr = W_Stream("<stderr>", 2)


def write_stdout(text: str) -> None:
    sys.stdout.write(text)


def read_line() -> str:
    line = sys.stdin.readline()
    if line.endswith("\n"):
        return line[:-1]
    return line


def write_to(w_file: W_Object, text: str) -> None:
    """print(..., file=w_file)."""
    if w_file is w_stdout:
        sys.stdout.write(text)
    elif w_file is w_stderr:
        sys.stdout.flush()
        sys.stderr.write(text)
    else:
        raise type_error("print(file=...) supports only sys.stdout and sys.stderr")


def stream_write(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w_self = args[0]
    w_text = args[1]
    if not isinstance(w_text, W_Str):
        raise type_error("write() argument must be str, not " + type_name(w_text))
    write_to(w_self, w_text.strval)
    return W_Int(len(w_text.strval))


def stream_flush(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    sys.stdout.flush()
    return w_None


def stream_readline(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return W_Str(sys.stdin.readline())


def stream_read(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return W_Str(sys.stdin.read())


def add_method(w_type: W_Class, name: str, fn, min_args: int, max_args: int) -> None:
    w_type.dict[name] = W_BuiltinFunction(name, fn, min_args, max_args)


add_method(w_stream_type, "write", stream_write, 2, 2)
add_method(w_stream_type, "flush", stream_flush, 1, 1)
add_method(w_stream_type, "readline", stream_readline, 1, 1)
add_method(w_stream_type, "read", stream_read, 1, 1)


# ---------------------------------------------------------------- math


def float_arg(w: W_Object) -> float:
    if isinstance(w, W_Float):
        return w.floatval
    if isinstance(w, W_Int):
        return float(w.intval)
    raise type_error("must be real number, not " + type_name(w))


def m_sqrt(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return W_Float(math.sqrt(float_arg(args[0])))


def m_floor(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w = args[0]
    if isinstance(w, W_Int):
        return W_Int(w.intval)
    x = float_arg(w)
    t = float(float_to_int(x))
    if t > x:
        t -= 1.0
    return W_Int(float_to_int(t))


def m_ceil(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w = args[0]
    if isinstance(w, W_Int):
        return W_Int(w.intval)
    x = float_arg(w)
    t = float(float_to_int(x))
    if t < x:
        t += 1.0
    return W_Int(float_to_int(t))


def m_trunc(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return W_Int(float_to_int(float_arg(args[0])))


def m_sin(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return W_Float(math.sin(float_arg(args[0])))


def m_cos(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return W_Float(math.cos(float_arg(args[0])))


def m_tan(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return W_Float(math.tan(float_arg(args[0])))


def m_atan(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return W_Float(math.atan2(float_arg(args[0]), 1.0))


def m_atan2(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return W_Float(math.atan2(float_arg(args[0]), float_arg(args[1])))


def m_exp(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return W_Float(math.exp(float_arg(args[0])))


def m_log(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    x = float_arg(args[0])
    if x <= 0.0:
        raise value_error("math domain error")
    if len(args) == 2:
        return W_Float(math.log(x) / math.log(float_arg(args[1])))
    return W_Float(math.log(x))


def m_pow(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return W_Float(math.pow(float_arg(args[0]), float_arg(args[1])))


def m_fabs(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return W_Float(math.fabs(float_arg(args[0])))


def m_isnan(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    x = float_arg(args[0])
    return wrap_bool(x != x)


def m_isinf(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    x = float_arg(args[0])
    return wrap_bool(x == float("inf") or x == float("-inf"))


def m_gcd(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    result = 0
    for w in args:
        if not isinstance(w, W_Int):
            raise type_error("'" + type_name(w) + "' object cannot be interpreted as an integer")
        b = w.intval if w.intval >= 0 else -w.intval
        a = result
        while b != 0:
            a, b = b, a % b
        result = a
    return W_Int(result)


def m_hypot(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    total = 0.0
    for w in args:
        x = float_arg(w)
        total += x * x
    return W_Float(math.sqrt(total))


def make_math() -> W_Module:
    w_math = W_Module("math")
    d = w_math.dict
    d["pi"] = W_Float(math.pi)
    d["e"] = W_Float(math.e)
    d["inf"] = W_Float(float("inf"))
    d["nan"] = W_Float(float("nan"))
    d["tau"] = W_Float(2.0 * math.pi)
    d["__name__"] = W_Str("math")
    add_function(w_math, "sqrt", m_sqrt, 1, 1)
    add_function(w_math, "floor", m_floor, 1, 1)
    add_function(w_math, "ceil", m_ceil, 1, 1)
    add_function(w_math, "trunc", m_trunc, 1, 1)
    add_function(w_math, "sin", m_sin, 1, 1)
    add_function(w_math, "cos", m_cos, 1, 1)
    add_function(w_math, "tan", m_tan, 1, 1)
    add_function(w_math, "atan", m_atan, 1, 1)
    add_function(w_math, "atan2", m_atan2, 2, 2)
    add_function(w_math, "exp", m_exp, 1, 1)
    add_function(w_math, "log", m_log, 1, 2)
    add_function(w_math, "pow", m_pow, 2, 2)
    add_function(w_math, "fabs", m_fabs, 1, 1)
    add_function(w_math, "isnan", m_isnan, 1, 1)
    add_function(w_math, "isinf", m_isinf, 1, 1)
    add_function(w_math, "gcd", m_gcd, 0, -1)
    add_function(w_math, "hypot", m_hypot, 0, -1)
    return w_math


def add_function(w_module: W_Module, name: str, fn, min_args: int, max_args: int) -> None:
    w_module.dict[name] = W_BuiltinFunction(name, fn, min_args, max_args)


# ---------------------------------------------------------------- sys and time


def s_exit(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    raise OperationError(new_exception(w_SystemExit, args))


def s_getrecursionlimit(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return W_Int(1000)


def s_setrecursionlimit(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return w_None


def make_sys(argv: list[str]) -> W_Module:
    w_sys = W_Module("sys")
    d = w_sys.dict
    items = []
    for arg in argv:
        items.append(W_Str(arg))
    d["argv"] = W_List(items)
    d["stdout"] = w_stdout
    d["stderr"] = w_stderr
    d["stdin"] = w_stdin
    d["maxsize"] = W_Int(9223372036854775807)
    d["__name__"] = W_Str("sys")
    add_function(w_sys, "exit", s_exit, 0, 1)
    add_function(w_sys, "getrecursionlimit", s_getrecursionlimit, 0, 0)
    add_function(w_sys, "setrecursionlimit", s_setrecursionlimit, 1, 1)
    return w_sys


def t_time(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return W_Float(time.time())


def t_perf_counter(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return W_Float(time.perf_counter())


def make_time() -> W_Module:
    w_time = W_Module("time")
    w_time.dict["__name__"] = W_Str("time")
    add_function(w_time, "time", t_time, 0, 0)
    add_function(w_time, "perf_counter", t_perf_counter, 0, 0)
    return w_time


def make_modules(argv: list[str]) -> dict[str, W_Module]:
    mods = {}
    mods["math"] = make_math()
    mods["sys"] = make_sys(argv)
    mods["time"] = make_time()
    return mods
