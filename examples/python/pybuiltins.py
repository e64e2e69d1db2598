"""The guest's built-in functions and the constructors of the built-in
types.  `BUILTINS` is the module dict consulted after the globals.

Every built-in has the signature fn(rt, args, kwargs) -> W_Object, where
kwargs is None or a dict of keyword arguments.
"""

import math
from objects import (
    W_Object, W_Int, W_Bool, W_Float, W_Str, W_List, W_Tuple, W_Dict, W_Set, W_Range, W_Class,
    W_Instance, W_Function, W_BuiltinFunction, W_Method, W_StaticMethod, W_ClassMethod,
    W_Property, W_Super, W_EnumerateIter, W_ZipIter, W_MapIter, W_ReversedIter, W_Module,
    ModuleDict, Runtime, global_cell, w_None, w_True, w_False, wrap_bool, type_of, type_name,
    is_subclass, K_INT, K_FLOAT, K_STR, K_BOOL, K_LIST, K_TUPLE, K_DICT, K_SET, K_RANGE,
    K_TYPE, BUILTIN_TYPES, EXCEPTION_TYPES, w_bool_type, w_StopIteration, w_TypeError,
    w_AttributeError,
)
from errors import OperationError, type_error, value_error, oefmt, new_exception
from arith import float_to_int, int_sub, round_half_even
from operations import (
    binary_op, is_true, length, repr_w, str_w, get_iter, iter_next, iterate_to_list, less_than,
    w_NotImplemented,
)
from indexing import check_hashable
from attributes import lookup_class, getattr_w, setattr_w, delattr_w, hasattr_w, lookup_user_special
from strformat import format_w, to_base
from floatfmt import fixed_body
from sorting import sort_items
from bytecode import OP_ADD, OP_POW, OP_FLOORDIV, OP_MOD
import methods
import modules

BUILTINS = ModuleDict()


def register(name: str, fn, min_args: int, max_args: int) -> None:
    global_cell(BUILTINS, name).w_value = W_BuiltinFunction(name, fn, min_args, max_args)


def kwarg(kwargs, name: str):
    """A keyword argument or None."""
    if kwargs is None:
        return None
    return kwargs.get(name, None)


def check_kwargs(fname: str, kwargs, allowed: list[str]) -> None:
    if kwargs is None:
        return
    for key in kwargs:
        if key not in allowed:
            raise type_error("'" + key + "' is an invalid keyword argument for " + fname + "()")


def as_int(w: W_Object) -> int:
    if isinstance(w, W_Int):
        return w.intval
    raise type_error("'" + type_name(w) + "' object cannot be interpreted as an integer")


# ---------------------------------------------------------------- output


def b_print(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    check_kwargs("print", kwargs, ["sep", "end", "file", "flush"])
    sep = " "
    end = "\n"
    w_sep = kwarg(kwargs, "sep")
    if w_sep is not None and w_sep is not w_None:
        if not isinstance(w_sep, W_Str):
            raise type_error("sep must be None or a string, not " + type_name(w_sep))
        sep = w_sep.strval
    w_end = kwarg(kwargs, "end")
    if w_end is not None and w_end is not w_None:
        if not isinstance(w_end, W_Str):
            raise type_error("end must be None or a string, not " + type_name(w_end))
        end = w_end.strval
    parts = []
    for w in args:
        parts.append(str_w(rt, w))
    text = sep.join(parts) + end
    w_file = kwarg(kwargs, "file")
    if w_file is not None and w_file is not w_None:
        modules.write_to(w_file, text)
    else:
        modules.write_stdout(text)
    return w_None


# ---------------------------------------------------------------- numbers


def b_abs(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w = args[0]
    if isinstance(w, W_Int):
        if w.intval < 0:
            return W_Int(int_sub(0, w.intval))
        return W_Int(w.intval)
    if isinstance(w, W_Float):
        return W_Float(math.fabs(w.floatval))
    w_meth = lookup_user_special(w, "__abs__")
    if w_meth is not None:
        return rt.call(w_meth, [w])
    raise type_error("bad operand type for abs(): '" + type_name(w) + "'")


def b_round(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w = args[0]
    w_nd = args[1] if len(args) > 1 else kwarg(kwargs, "ndigits")
    if isinstance(w, W_Int):
        return W_Int(w.intval)
    if not isinstance(w, W_Float):
        raise type_error("type " + type_name(w) + " doesn't define __round__ method")
    x = w.floatval
    if w_nd is None or w_nd is w_None:
        return W_Int(float_to_int(round_half_even(x)))
    nd = as_int(w_nd)
    if x != x or x == float("inf") or x == float("-inf"):
        return W_Float(x)
    if nd >= 0:
        return W_Float(float(fixed_body(x, nd if nd <= 20 else 20)))
    scale = 10.0 ** (-nd)
    return W_Float(round_half_even(x / scale) * scale)


def b_divmod(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return W_Tuple([binary_op(rt, OP_FLOORDIV, args[0], args[1]), binary_op(rt, OP_MOD, args[0], args[1])])


def b_pow(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    if len(args) == 3:
        base = as_int(args[0])
        exp = as_int(args[1])
        mod = as_int(args[2])
        if mod == 0:
            raise value_error("pow() 3rd argument cannot be 0")
        result = 1 % mod
        base = base % mod
        while exp > 0:
            if exp & 1:
                result = (result * base) % mod
            base = (base * base) % mod
            exp >>= 1
        return W_Int(result)
    return binary_op(rt, OP_POW, args[0], args[1])


def b_hash(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    check_hashable(args[0])
    return W_Int(args[0].key_hash())


def b_id(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w = args[0]
    if isinstance(w, W_Instance):
        return W_Int(w.uid)
    if isinstance(w, W_Class):
        return W_Int(w.uid)
    return W_Int(w.key_hash())


def b_chr(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    v = as_int(args[0])
    if v < 0 or v > 0x10FFFF:
        raise value_error("chr() arg not in range(0x110000)")
    return W_Str(chr(v))


def b_ord(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w = args[0]
    if not isinstance(w, W_Str):
        raise type_error("ord() expected string of length 1, but " + type_name(w) + " found")
    if len(w.strval) != 1:
        raise type_error("ord() expected a character, but string of length " + str(len(w.strval)) + " found")
    return W_Int(ord(w.strval))


def int_in_base(rt: Runtime, w: W_Object, base: int, prefix: str) -> W_Object:
    v = as_int(w)
    if v < 0:
        return W_Str("-" + prefix + to_base(-v, base))
    return W_Str(prefix + to_base(v, base))


def b_hex(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return int_in_base(rt, args[0], 16, "0x")


def b_oct(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return int_in_base(rt, args[0], 8, "0o")


def b_bin(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return int_in_base(rt, args[0], 2, "0b")


# ---------------------------------------------------------------- iterables


def b_len(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return W_Int(length(rt, args[0]))


def min_max(rt: Runtime, args: list[W_Object], kwargs, is_max: bool) -> W_Object:
    name = "max" if is_max else "min"
    check_kwargs(name, kwargs, ["key", "default"])
    items = args
    if len(args) == 1:
        items = iterate_to_list(rt, args[0])
    w_key = kwarg(kwargs, "key")
    if len(items) == 0:
        w_default = kwarg(kwargs, "default")
        if w_default is not None:
            return w_default
        raise value_error(name + "() arg is an empty sequence")
    w_best = items[0]
    w_best_key = w_best
    if w_key is not None and w_key is not w_None:
        w_best_key = rt.call(w_key, [w_best])
    for i in range(1, len(items)):
        w_item = items[i]
        w_item_key = w_item
        if w_key is not None and w_key is not w_None:
            w_item_key = rt.call(w_key, [w_item])
        better = less_than(rt, w_best_key, w_item_key) if is_max else less_than(rt, w_item_key, w_best_key)
        if better:
            w_best = w_item
            w_best_key = w_item_key
    return w_best


def b_min(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return min_max(rt, args, kwargs, False)


def b_max(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return min_max(rt, args, kwargs, True)


def b_sum(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w_total = args[1] if len(args) > 1 else kwarg(kwargs, "start")
    if w_total is None:
        w_total = W_Int(0)
    if isinstance(w_total, W_Str):
        raise type_error("sum() can't sum strings [use ''.join(seq) instead]")
    for w in iterate_to_list(rt, args[0]):
        w_total = binary_op(rt, OP_ADD, w_total, w)
    return w_total


def b_sorted(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    check_kwargs("sorted", kwargs, ["key", "reverse"])
    items = iterate_to_list(rt, args[0])
    w_reverse = kwarg(kwargs, "reverse")
    reverse = w_reverse is not None and is_true(rt, w_reverse)
    return W_List(sort_items(rt, items, kwarg(kwargs, "key"), reverse))


def b_reversed(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w = args[0]
    if isinstance(w, W_List) or isinstance(w, W_Tuple) or isinstance(w, W_Str) or isinstance(w, W_Range):
        return W_ReversedIter(w, length(rt, w) - 1)
    w_meth = lookup_user_special(w, "__reversed__")
    if w_meth is not None:
        return rt.call(w_meth, [w])
    raise type_error("'" + type_name(w) + "' object is not reversible")


def b_enumerate(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    start = 0
    w_start = args[1] if len(args) > 1 else kwarg(kwargs, "start")
    if w_start is not None:
        start = as_int(w_start)
    return W_EnumerateIter(get_iter(rt, args[0]), start)


def b_zip(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    iterators = []
    for w in args:
        iterators.append(get_iter(rt, w))
    return W_ZipIter(iterators)


def b_map(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    if len(args) != 2:
        raise type_error("map() with several iterables is not supported")
    return W_MapIter(args[0], get_iter(rt, args[1]), False)


def b_filter(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w_func = args[0]
    if w_func is w_None:
        w_func = w_bool_type
    return W_MapIter(w_func, get_iter(rt, args[1]), True)


def b_any(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w_it = get_iter(rt, args[0])
    while True:
        w = iter_next(rt, w_it)
        if w is None:
            return w_False
        if is_true(rt, w):
            return w_True


def b_all(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w_it = get_iter(rt, args[0])
    while True:
        w = iter_next(rt, w_it)
        if w is None:
            return w_True
        if not is_true(rt, w):
            return w_False


def b_iter(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return get_iter(rt, args[0])


def b_next(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w = iter_next(rt, args[0])
    if w is None:
        if len(args) > 1:
            return args[1]
        raise OperationError(new_exception(w_StopIteration, []))
    return w


# ---------------------------------------------------------------- objects and types


def b_repr(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return W_Str(repr_w(rt, args[0]))


def b_format(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    spec = ""
    if len(args) > 1:
        w_spec = args[1]
        if not isinstance(w_spec, W_Str):
            raise type_error("format() argument 2 must be str, not " + type_name(w_spec))
        spec = w_spec.strval
    return W_Str(format_w(rt, args[0], spec))


def classinfo_matches(w_cls: W_Class, w_info: W_Object, fname: str) -> bool:
    if isinstance(w_info, W_Class):
        return is_subclass(w_cls, w_info)
    if isinstance(w_info, W_Tuple):
        for w in w_info.items:
            if classinfo_matches(w_cls, w, fname):
                return True
        return False
    raise type_error(fname + "() arg 2 must be a type, a tuple of types, or a union")


def b_isinstance(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return wrap_bool(classinfo_matches(type_of(args[0]), args[1], "isinstance"))


def b_issubclass(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w_cls = args[0]
    if not isinstance(w_cls, W_Class):
        raise type_error("issubclass() arg 1 must be a class")
    return wrap_bool(classinfo_matches(w_cls, args[1], "issubclass"))


def attr_name(w: W_Object) -> str:
    if not isinstance(w, W_Str):
        raise type_error("attribute name must be string, not '" + type_name(w) + "'")
    return w.strval


def b_getattr(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    name = attr_name(args[1])
    if len(args) < 3:
        return getattr_w(rt, args[0], name)
    try:
        return getattr_w(rt, args[0], name)
    except OperationError as e:
        w_exc = e.w_exc
        if isinstance(w_exc, W_Instance) and is_subclass(w_exc.w_class, w_AttributeError):
            return args[2]
        raise


def b_setattr(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    setattr_w(rt, args[0], attr_name(args[1]), args[2])
    return w_None


def b_delattr(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    delattr_w(args[0], attr_name(args[1]))
    return w_None


def b_hasattr(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return wrap_bool(hasattr_w(rt, args[0], attr_name(args[1])))


def b_callable(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w = args[0]
    if isinstance(w, W_Function) or isinstance(w, W_BuiltinFunction) or isinstance(w, W_Method) \
            or isinstance(w, W_Class):
        return w_True
    if isinstance(w, W_Instance):
        return wrap_bool(lookup_class(w.w_class, "__call__") is not None)
    return w_False


def b_staticmethod(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return W_StaticMethod(args[0])


def b_classmethod(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return W_ClassMethod(args[0])


def b_property(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w_prop = W_Property(args[0])
    if len(args) > 1 and args[1] is not w_None:
        w_prop.w_setter = args[1]
    return w_prop


def b_super(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    """`super(Class, obj)` (the argument-less form is compiled specially)."""
    if len(args) != 2:
        raise oefmt(w_TypeError, "super() without arguments works only directly inside a method")
    w_cls = args[0]
    if not isinstance(w_cls, W_Class):
        raise type_error("super() argument 1 must be a type, not " + type_name(w_cls))
    return W_Super(w_cls, args[1])


def b_input(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    if len(args) > 0:
        modules.write_stdout(str_w(rt, args[0]))
    return W_Str(modules.read_line())


# ---------------------------------------------------------------- type constructors


def construct_builtin(rt: Runtime, w_class: W_Class, args: list[W_Object], kwargs) -> W_Object:
    """Calling a built-in type: `int(x)`, `list(xs)`, `range(n)`, ..."""
    kind = w_class.kind
    n = len(args)
    if kind == K_DICT:
        return construct_dict(rt, args, kwargs)
    if kwargs is not None:
        raise type_error(w_class.name + "() takes no keyword arguments")
    if kind == K_RANGE:
        if n == 0 or n > 3:
            raise type_error("range expected at least 1 argument, got " + str(n))
        if n == 1:
            return W_Range(0, as_int(args[0]), 1)
        step = as_int(args[2]) if n == 3 else 1
        if step == 0:
            raise value_error("range() arg 3 must not be zero")
        return W_Range(as_int(args[0]), as_int(args[1]), step)
    if n > 1 and kind != K_INT and kind != K_TYPE:
        raise type_error(w_class.name + "() takes at most 1 argument (" + str(n) + " given)")
    if kind == K_INT:
        if n == 0:
            return W_Int(0)
        return construct_int(rt, args)
    if kind == K_FLOAT:
        if n == 0:
            return W_Float(0.0)
        w = args[0]
        if isinstance(w, W_Float):
            return w
        if isinstance(w, W_Int):
            return W_Float(float(w.intval))
        if isinstance(w, W_Str):
            return W_Float(float(w.strval))
        w_meth = lookup_user_special(w, "__float__")
        if w_meth is not None:
            return rt.call(w_meth, [w])
        raise type_error("float() argument must be a string or a real number, not '" + type_name(w) + "'")
    if kind == K_STR:
        if n == 0:
            return W_Str("")
        return W_Str(str_w(rt, args[0]))
    if kind == K_BOOL:
        if n == 0:
            return w_False
        return wrap_bool(is_true(rt, args[0]))
    if kind == K_LIST:
        if n == 0:
            return W_List([])
        return W_List(iterate_to_list(rt, args[0]))
    if kind == K_TUPLE:
        if n == 0:
            return W_Tuple([])
        w = args[0]
        if isinstance(w, W_Tuple):
            return w
        return W_Tuple(iterate_to_list(rt, w))
    if kind == K_SET:
        w_set = W_Set()
        if n == 1:
            for w in iterate_to_list(rt, args[0]):
                check_hashable(w)
                w_set.data[w] = w_None
        return w_set
    if kind == K_TYPE:
        if n == 1:
            return type_of(args[0])
        raise type_error("type() with 3 arguments is not supported")
    raise type_error("cannot create '" + w_class.name + "' instances")


def construct_int(rt: Runtime, args: list[W_Object]) -> W_Object:
    w = args[0]
    if len(args) == 2:
        if not isinstance(w, W_Str):
            raise type_error("int() can't convert non-string with explicit base")
        base = as_int(args[1])
        if base != 0 and (base < 2 or base > 36):
            raise value_error("int() base must be >= 2 and <= 36, or 0")
        return W_Int(int(w.strval, base))
    if isinstance(w, W_Bool):
        return W_Int(w.intval)
    if isinstance(w, W_Int):
        return w
    if isinstance(w, W_Float):
        return W_Int(float_to_int(w.floatval))
    if isinstance(w, W_Str):
        return W_Int(int(w.strval))
    w_meth = lookup_user_special(w, "__int__")
    if w_meth is not None:
        return rt.call(w_meth, [w])
    raise type_error("int() argument must be a string, a bytes-like object or a real number, not '"
                     + type_name(w) + "'")


def construct_dict(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w_dict = W_Dict()
    if len(args) > 1:
        raise type_error("dict expected at most 1 argument, got " + str(len(args)))
    if len(args) == 1:
        methods.dict_update_from(rt, w_dict, args[0])
    if kwargs is not None:
        for key in kwargs:
            w_dict.data[W_Str(key)] = kwargs[key]
    return w_dict


# ---------------------------------------------------------------- registration

register("print", b_print, 0, -1)
register("len", b_len, 1, 1)
register("abs", b_abs, 1, 1)
register("round", b_round, 1, 2)
register("divmod", b_divmod, 2, 2)
register("pow", b_pow, 2, 3)
register("hash", b_hash, 1, 1)
register("id", b_id, 1, 1)
register("chr", b_chr, 1, 1)
register("ord", b_ord, 1, 1)
register("hex", b_hex, 1, 1)
register("oct", b_oct, 1, 1)
register("bin", b_bin, 1, 1)
register("min", b_min, 1, -1)
register("max", b_max, 1, -1)
register("sum", b_sum, 1, 2)
register("sorted", b_sorted, 1, 1)
register("reversed", b_reversed, 1, 1)
register("enumerate", b_enumerate, 1, 2)
register("zip", b_zip, 0, -1)
register("map", b_map, 2, -1)
register("filter", b_filter, 2, 2)
register("any", b_any, 1, 1)
register("all", b_all, 1, 1)
register("iter", b_iter, 1, 1)
register("next", b_next, 1, 2)
register("repr", b_repr, 1, 1)
register("format", b_format, 1, 2)
register("isinstance", b_isinstance, 2, 2)
register("issubclass", b_issubclass, 2, 2)
register("getattr", b_getattr, 2, 3)
register("setattr", b_setattr, 3, 3)
register("delattr", b_delattr, 2, 2)
register("hasattr", b_hasattr, 2, 2)
register("callable", b_callable, 1, 1)
register("staticmethod", b_staticmethod, 1, 1)
register("classmethod", b_classmethod, 1, 1)
register("property", b_property, 1, 2)
register("super", b_super, 0, 2)
register("input", b_input, 0, 1)
for w_type in BUILTIN_TYPES:
    global_cell(BUILTINS, w_type.name).w_value = w_type
for w_type in EXCEPTION_TYPES:
    global_cell(BUILTINS, w_type.name).w_value = w_type
global_cell(BUILTINS, "NotImplemented").w_value = w_NotImplemented


def make_modules(argv: list[str]) -> dict[str, W_Module]:
    """The importable built-in modules (`sys.argv` is the guest's argv)."""
    return modules.make_modules(argv)
