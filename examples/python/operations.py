"""Generic operations on guest values: truth, repr/str, equality and
ordering, binary operators, `in`, indexing and slicing, iteration,
hashing, length.  User classes take part through their special methods
(`__eq__`, `__lt__`, `__add__`, `__getitem__`, `__len__`, `__iter__`...).
"""

from objects import (
    W_Object, W_Int, W_Bool, W_Float, W_Str, W_List, W_Tuple, W_Dict, W_Set, W_Range, W_Slice,
    W_Class, W_Instance, W_Function, W_BuiltinFunction, W_Method, W_Module, W_Iterator,
    W_SeqIter, W_RangeIter, W_ListIter, W_EnumerateIter, W_ZipIter, W_MapIter, W_ReversedIter,
    Runtime, W_HostObject, new_builtin_type, w_object_type, K_OTHER, w_None, wrap_bool,
    type_name, instance_get, w_KeyError, w_StopIteration,
)
from errors import OperationError, type_error, value_error
from arith import number_binary, number_compare, compare_strs, int_mul
from attributes import lookup_user_special
from indexing import getitem, check_hashable
import strformat
from bytecode import (
    OP_ADD, OP_SUB, OP_MUL, OP_MOD, OP_AND, OP_OR, OP_XOR, BINARY_SYMBOLS, CMP_LT, CMP_LE, CMP_EQ, CMP_NE, CMP_GT, CMP_GE,
    CMP_IN, CMP_NOT_IN, CMP_IS, CMP_IS_NOT, COMPARE_SYMBOLS,
)

# Special method names of the binary operators (see bytecode.BINARY_SYMBOLS).
BINARY_METHODS = ["__add__", "__sub__", "__mul__", "__truediv__", "__floordiv__", "__mod__",
                  "__pow__", "__lshift__", "__rshift__", "__and__", "__or__", "__xor__", "__matmul__"]
REFLECTED_METHODS = ["__radd__", "__rsub__", "__rmul__", "__rtruediv__", "__rfloordiv__", "__rmod__",
                     "__rpow__", "__rlshift__", "__rrshift__", "__rand__", "__ror__", "__rxor__", "__rmatmul__"]
INPLACE_METHODS = ["__iadd__", "__isub__", "__imul__", "__itruediv__", "__ifloordiv__", "__imod__",
                   "__ipow__", "__ilshift__", "__irshift__", "__iand__", "__ior__", "__ixor__", "__imatmul__"]
# Special methods of the orderings (CMP_LT..CMP_GE), and of the swapped ones.
COMPARE_METHODS = ["__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__"]
SWAPPED_METHODS = ["__gt__", "__ge__", "__eq__", "__ne__", "__lt__", "__le__"]


w_NotImplementedType = new_builtin_type("NotImplementedType", w_object_type, K_OTHER)
w_NotImplemented = W_HostObject(w_NotImplementedType)


# ---------------------------------------------------------------- truth and length


def is_true(rt: Runtime, w: W_Object) -> bool:
    if isinstance(w, W_Int):
        return w.intval != 0
    if w is w_None:
        return False
    if isinstance(w, W_Str):
        return len(w.strval) > 0
    if isinstance(w, W_List):
        return len(w.items) > 0
    if isinstance(w, W_Float):
        return w.floatval != 0.0
    if isinstance(w, W_Tuple):
        return len(w.items) > 0
    if isinstance(w, W_Dict):
        return len(w.data) > 0
    if isinstance(w, W_Set):
        return len(w.data) > 0
    if isinstance(w, W_Range):
        return w.length() > 0
    if isinstance(w, W_Instance):
        w_meth = lookup_user_special(w, "__bool__")
        if w_meth is not None:
            w_res = rt.call(w_meth, [w])
            if not isinstance(w_res, W_Bool):
                raise type_error("__bool__ should return bool, returned " + type_name(w_res))
            return w_res.intval != 0
        w_meth = lookup_user_special(w, "__len__")
        if w_meth is not None:
            return length_of_result(rt.call(w_meth, [w])) != 0
    return True


def length_of_result(w_res: W_Object) -> int:
    if not isinstance(w_res, W_Int):
        raise type_error("'" + type_name(w_res) + "' object cannot be interpreted as an integer")
    if w_res.intval < 0:
        raise value_error("__len__() should return >= 0")
    return w_res.intval


def length(rt: Runtime, w: W_Object) -> int:
    """`len(w)`."""
    if isinstance(w, W_Str):
        return len(w.strval)
    if isinstance(w, W_List):
        return len(w.items)
    if isinstance(w, W_Tuple):
        return len(w.items)
    if isinstance(w, W_Dict):
        return len(w.data)
    if isinstance(w, W_Set):
        return len(w.data)
    if isinstance(w, W_Range):
        return w.length()
    w_meth = lookup_user_special(w, "__len__")
    if w_meth is not None:
        return length_of_result(rt.call(w_meth, [w]))
    raise type_error("object of type '" + type_name(w) + "' has no len()")


# ---------------------------------------------------------------- repr and str


def repr_items(rt: Runtime, items: list[W_Object]) -> str:
    parts = []
    for w in items:
        parts.append(repr_w(rt, w))
    return ", ".join(parts)


def repr_w(rt: Runtime, w: W_Object) -> str:
    """`repr(w)`."""
    if isinstance(w, W_Str):
        return repr(w.strval)
    if isinstance(w, W_Bool):
        return "True" if w.intval != 0 else "False"
    if isinstance(w, W_Int):
        return str(w.intval)
    if isinstance(w, W_Float):
        return repr(w.floatval)
    if w is w_None:
        return "None"
    if isinstance(w, W_List):
        return "[" + repr_items(rt, w.items) + "]"
    if isinstance(w, W_Tuple):
        if len(w.items) == 1:
            return "(" + repr_w(rt, w.items[0]) + ",)"
        return "(" + repr_items(rt, w.items) + ")"
    if isinstance(w, W_Dict):
        parts = []
        for w_key, w_value in w.data.items():
            parts.append(repr_w(rt, w_key) + ": " + repr_w(rt, w_value))
        return "{" + ", ".join(parts) + "}"
    if isinstance(w, W_Set):
        if len(w.data) == 0:
            return "set()"
        return "{" + repr_items(rt, list(w.data.keys())) + "}"
    if isinstance(w, W_Instance):
        w_meth = lookup_user_special(w, "__repr__")
        if w_meth is not None:
            return expect_str(rt.call(w_meth, [w]), "__repr__")
        return default_repr(rt, w)
    if isinstance(w, W_Class):
        if w.module == "builtins":
            return "<class '" + w.name + "'>"
        return "<class '" + w.module + "." + w.name + "'>"
    if isinstance(w, W_Function):
        return "<function " + w.name + ">"
    if isinstance(w, W_BuiltinFunction):
        return "<built-in function " + w.name + ">"
    if isinstance(w, W_Method):
        return "<bound method " + repr_w(rt, w.w_func) + " of " + repr_w(rt, w.w_self) + ">"
    if isinstance(w, W_Range):
        if w.step == 1:
            return "range(" + str(w.start) + ", " + str(w.stop) + ")"
        return "range(" + str(w.start) + ", " + str(w.stop) + ", " + str(w.step) + ")"
    if isinstance(w, W_Module):
        return "<module '" + w.name + "' (built-in)>"
    if isinstance(w, W_Slice):
        return "slice(" + repr_w(rt, w.w_start) + ", " + repr_w(rt, w.w_stop) + ", " + repr_w(rt, w.w_step) + ")"
    if w is w_NotImplemented:
        return "NotImplemented"
    return "<" + type_name(w) + " object>"


def default_repr(rt: Runtime, w: W_Instance) -> str:
    """repr of an instance without `__repr__` (exceptions show their args)."""
    w_class = w.w_class
    if w_class.is_exception:
        w_args = instance_get(w, "args")
        if isinstance(w_args, W_Tuple):
            return w_class.name + "(" + repr_items(rt, w_args.items) + ")"
        return w_class.name + "()"
    return "<" + w_class.module + "." + w_class.name + " object>"


def expect_str(w_res: W_Object, what: str) -> str:
    if not isinstance(w_res, W_Str):
        raise type_error(what + " returned non-string (type " + type_name(w_res) + ")")
    return w_res.strval


def str_w(rt: Runtime, w: W_Object) -> str:
    """`str(w)`."""
    if isinstance(w, W_Str):
        return w.strval
    if isinstance(w, W_Instance):
        w_meth = lookup_user_special(w, "__str__")
        if w_meth is not None:
            return expect_str(rt.call(w_meth, [w]), "__str__")
        if w.w_class.is_exception:
            return exception_str(rt, w)
    return repr_w(rt, w)


def exception_str(rt: Runtime, w: W_Instance) -> str:
    """str() of an exception: its single argument, or the args tuple."""
    w_args = instance_get(w, "args")
    if not isinstance(w_args, W_Tuple):
        return ""
    if len(w_args.items) == 0:
        return ""
    if len(w_args.items) == 1:
        if w.w_class is w_KeyError:
            return repr_w(rt, w_args.items[0])
        return str_w(rt, w_args.items[0])
    return repr_w(rt, w_args)


# ---------------------------------------------------------------- equality and ordering


def eq(rt: Runtime, w_a: W_Object, w_b: W_Object) -> bool:
    """`w_a == w_b` as a host bool."""
    if w_a is w_b:
        if isinstance(w_a, W_Float):
            return w_a.floatval == w_a.floatval
        return True
    if isinstance(w_a, W_Str):
        return isinstance(w_b, W_Str) and w_a.strval == w_b.strval
    r = number_compare(CMP_EQ, w_a, w_b)
    if r >= 0:
        return r == 1
    if isinstance(w_a, W_Instance) or isinstance(w_b, W_Instance):
        w_res = rich_compare(rt, CMP_EQ, w_a, w_b)
        if w_res is not None:
            return is_true(rt, w_res)
        return False
    if isinstance(w_a, W_List):
        return isinstance(w_b, W_List) and items_eq(rt, w_a.items, w_b.items)
    if isinstance(w_a, W_Tuple):
        return isinstance(w_b, W_Tuple) and items_eq(rt, w_a.items, w_b.items)
    if isinstance(w_a, W_Dict):
        if not isinstance(w_b, W_Dict) or len(w_a.data) != len(w_b.data):
            return False
        for w_key, w_value in w_a.data.items():
            w_other = w_b.data.get(w_key, None)
            if w_other is None or not eq(rt, w_value, w_other):
                return False
        return True
    if isinstance(w_a, W_Set):
        if not isinstance(w_b, W_Set) or len(w_a.data) != len(w_b.data):
            return False
        for w_key in w_a.data:
            if w_key not in w_b.data:
                return False
        return True
    if isinstance(w_a, W_Range):
        return isinstance(w_b, W_Range) and w_a.start == w_b.start and w_a.stop == w_b.stop and w_a.step == w_b.step
    return False


def items_eq(rt: Runtime, a: list[W_Object], b: list[W_Object]) -> bool:
    if len(a) != len(b):
        return False
    for i in range(len(a)):
        if not eq(rt, a[i], b[i]):
            return False
    return True


def rich_compare(rt: Runtime, op: int, w_a: W_Object, w_b: W_Object):
    """Call a user comparison method (`__lt__`, or the swapped one on the
    right operand); None when neither is defined or both return
    NotImplemented."""
    w_meth = lookup_user_special(w_a, COMPARE_METHODS[op])
    if w_meth is not None:
        w_res = rt.call(w_meth, [w_a, w_b])
        if w_res is not w_NotImplemented:
            return w_res
    w_meth = lookup_user_special(w_b, SWAPPED_METHODS[op])
    if w_meth is not None:
        w_res = rt.call(w_meth, [w_b, w_a])
        if w_res is not w_NotImplemented:
            return w_res
    if op == CMP_NE:
        w_meth = lookup_user_special(w_a, "__eq__")
        if w_meth is not None:
            w_res = rt.call(w_meth, [w_a, w_b])
            if w_res is not w_NotImplemented:
                return wrap_bool(not is_true(rt, w_res))
    return None


def unorderable(op: int, w_a: W_Object, w_b: W_Object) -> OperationError:
    return type_error("'" + COMPARE_SYMBOLS[op] + "' not supported between instances of '"
                      + type_name(w_a) + "' and '" + type_name(w_b) + "'")


def order(rt: Runtime, op: int, w_a: W_Object, w_b: W_Object) -> bool:
    """`<`, `<=`, `>`, `>=` as a host bool."""
    r = number_compare(op, w_a, w_b)
    if r >= 0:
        return r == 1
    if isinstance(w_a, W_Str) and isinstance(w_b, W_Str):
        return compare_strs(op, w_a.strval, w_b.strval)
    if isinstance(w_a, W_Instance) or isinstance(w_b, W_Instance):
        w_res = rich_compare(rt, op, w_a, w_b)
        if w_res is None:
            raise unorderable(op, w_a, w_b)
        return is_true(rt, w_res)
    if isinstance(w_a, W_List) and isinstance(w_b, W_List):
        return order_items(rt, op, w_a.items, w_b.items)
    if isinstance(w_a, W_Tuple) and isinstance(w_b, W_Tuple):
        return order_items(rt, op, w_a.items, w_b.items)
    if isinstance(w_a, W_Set) and isinstance(w_b, W_Set):
        return order_sets(op, w_a, w_b)
    raise unorderable(op, w_a, w_b)


def order_items(rt: Runtime, op: int, a: list[W_Object], b: list[W_Object]) -> bool:
    """Lexicographic ordering of two sequences."""
    n = len(a) if len(a) < len(b) else len(b)
    for i in range(n):
        if not eq(rt, a[i], b[i]):
            return order(rt, op, a[i], b[i])
    if op == CMP_LT:
        return len(a) < len(b)
    if op == CMP_LE:
        return len(a) <= len(b)
    if op == CMP_GT:
        return len(a) > len(b)
    return len(a) >= len(b)


def order_sets(op: int, w_a: W_Set, w_b: W_Set) -> bool:
    """Subset orderings."""
    if op == CMP_GT or op == CMP_GE:
        return order_sets(CMP_LT if op == CMP_GT else CMP_LE, w_b, w_a)
    for w_key in w_a.data:
        if w_key not in w_b.data:
            return False
    if op == CMP_LT:
        return len(w_a.data) < len(w_b.data)
    return True


def less_than(rt: Runtime, w_a: W_Object, w_b: W_Object) -> bool:
    """`w_a < w_b` (used by sorting, min and max)."""
    if isinstance(w_a, W_Int) and isinstance(w_b, W_Int):
        return w_a.intval < w_b.intval
    return order(rt, CMP_LT, w_a, w_b)


def compare(rt: Runtime, op: int, w_a: W_Object, w_b: W_Object) -> W_Object:
    """COMPARE_OP."""
    if op == CMP_IS:
        return wrap_bool(is_same(w_a, w_b))
    if op == CMP_IS_NOT:
        return wrap_bool(not is_same(w_a, w_b))
    if op == CMP_IN:
        return wrap_bool(contains(rt, w_b, w_a))
    if op == CMP_NOT_IN:
        return wrap_bool(not contains(rt, w_b, w_a))
    if op == CMP_EQ or op == CMP_NE:
        if isinstance(w_a, W_Instance) or isinstance(w_b, W_Instance):
            w_res = rich_compare(rt, op, w_a, w_b)
            if w_res is not None:
                return w_res
            return wrap_bool((w_a is w_b) == (op == CMP_EQ))
        return wrap_bool(eq(rt, w_a, w_b) == (op == CMP_EQ))
    if isinstance(w_a, W_Instance) or isinstance(w_b, W_Instance):
        w_res = rich_compare(rt, op, w_a, w_b)
        if w_res is None:
            raise unorderable(op, w_a, w_b)
        return w_res
    return wrap_bool(order(rt, op, w_a, w_b))


def is_same(w_a: W_Object, w_b: W_Object) -> bool:
    """`is`: identity (small ints and equal strings are shared in CPython,
    so they are compared by value here to print the same)."""
    if w_a is w_b:
        return True
    if isinstance(w_a, W_Int) and isinstance(w_b, W_Int):
        if isinstance(w_a, W_Bool) or isinstance(w_b, W_Bool):
            return False
        return w_a.intval == w_b.intval and -5 <= w_a.intval <= 256
    if isinstance(w_a, W_Str) and isinstance(w_b, W_Str):
        return w_a.strval == w_b.strval
    return False


def contains(rt: Runtime, w_container: W_Object, w_item: W_Object) -> bool:
    """`w_item in w_container`."""
    if isinstance(w_container, W_Str):
        if not isinstance(w_item, W_Str):
            raise type_error("'in <string>' requires string as left operand, not " + type_name(w_item))
        return w_container.strval.find(w_item.strval) >= 0
    if isinstance(w_container, W_List):
        for w in w_container.items:
            if eq(rt, w, w_item):
                return True
        return False
    if isinstance(w_container, W_Dict):
        check_hashable(w_item)
        return w_item in w_container.data
    if isinstance(w_container, W_Set):
        check_hashable(w_item)
        return w_item in w_container.data
    if isinstance(w_container, W_Tuple):
        for w in w_container.items:
            if eq(rt, w, w_item):
                return True
        return False
    if isinstance(w_container, W_Range):
        if isinstance(w_item, W_Int):
            v = w_item.intval
            r = w_container
            if r.step > 0:
                if v < r.start or v >= r.stop:
                    return False
            elif v > r.start or v <= r.stop:
                return False
            return (v - r.start) % r.step == 0
        return False
    w_meth = lookup_user_special(w_container, "__contains__")
    if w_meth is not None:
        return is_true(rt, rt.call(w_meth, [w_container, w_item]))
    w_it = get_iter(rt, w_container)
    while True:
        w = iter_next(rt, w_it)
        if w is None:
            return False
        if eq(rt, w, w_item):
            return True


# ---------------------------------------------------------------- binary operators


def binary_op(rt: Runtime, op: int, w_a: W_Object, w_b: W_Object) -> W_Object:
    """`w_a op w_b` for BINARY_OP (op indexes bytecode.BINARY_SYMBOLS)."""
    w_res = number_binary(op, w_a, w_b)
    if w_res is not None:
        return w_res
    if isinstance(w_a, W_Instance) or isinstance(w_b, W_Instance):
        return user_binary(rt, op, w_a, w_b)
    if isinstance(w_a, W_Set) and isinstance(w_b, W_Set):
        w_res = set_operator(op, w_a, w_b)
        if w_res is not None:
            return w_res
    if op == OP_ADD:
        if isinstance(w_a, W_Str):
            if isinstance(w_b, W_Str):
                return W_Str(w_a.strval + w_b.strval)
            raise type_error("can only concatenate str (not \"" + type_name(w_b) + "\") to str")
        if isinstance(w_a, W_List):
            if isinstance(w_b, W_List):
                return W_List(w_a.items + w_b.items)
            raise type_error("can only concatenate list (not \"" + type_name(w_b) + "\") to list")
        if isinstance(w_a, W_Tuple):
            if isinstance(w_b, W_Tuple):
                return W_Tuple(w_a.items + w_b.items)
            raise type_error("can only concatenate tuple (not \"" + type_name(w_b) + "\") to tuple")
    elif op == OP_MOD:
        if isinstance(w_a, W_Str):
            return W_Str(strformat.percent_format(rt, w_a.strval, w_b))
    elif op == OP_MUL:
        w_res = repeat(w_a, w_b)
        if w_res is None:
            w_res = repeat(w_b, w_a)
        if w_res is not None:
            return w_res
    raise unsupported(op, w_a, w_b)


def set_operator(op: int, w_a: W_Set, w_b: W_Set):
    """`|`, `&`, `-`, `^` of two sets (None for other operators)."""
    if op != OP_OR and op != OP_AND and op != OP_SUB and op != OP_XOR:
        return None
    result = W_Set()
    for w in w_a.data:
        in_b = w in w_b.data
        if op == OP_OR or (op == OP_AND and in_b) or ((op == OP_SUB or op == OP_XOR) and not in_b):
            result.data[w] = w_None
    if op == OP_OR or op == OP_XOR:
        for w in w_b.data:
            if op == OP_OR or w not in w_a.data:
                result.data[w] = w_None
    return result


def unsupported(op: int, w_a: W_Object, w_b: W_Object) -> OperationError:
    sym = BINARY_SYMBOLS[op]
    if sym == "**":
        sym = "** or pow()"
    return type_error("unsupported operand type(s) for " + sym + ": '" + type_name(w_a)
                      + "' and '" + type_name(w_b) + "'")


def repeat(w_seq: W_Object, w_count: W_Object):
    """`seq * n` for str, list and tuple (None if not applicable)."""
    if not isinstance(w_count, W_Int):
        return None
    n = w_count.intval
    if n < 0:
        n = 0
    if isinstance(w_seq, W_Str):
        int_mul(len(w_seq.strval), n)
        return W_Str(w_seq.strval * n)
    if isinstance(w_seq, W_List):
        int_mul(len(w_seq.items), n)
        return W_List(w_seq.items * n)
    if isinstance(w_seq, W_Tuple):
        int_mul(len(w_seq.items), n)
        return W_Tuple(w_seq.items * n)
    return None


def user_binary(rt: Runtime, op: int, w_a: W_Object, w_b: W_Object) -> W_Object:
    w_meth = lookup_user_special(w_a, BINARY_METHODS[op])
    if w_meth is not None:
        w_res = rt.call(w_meth, [w_a, w_b])
        if w_res is not w_NotImplemented:
            return w_res
    w_meth = lookup_user_special(w_b, REFLECTED_METHODS[op])
    if w_meth is not None:
        w_res = rt.call(w_meth, [w_b, w_a])
        if w_res is not w_NotImplemented:
            return w_res
    raise unsupported(op, w_a, w_b)


def inplace_op(rt: Runtime, op: int, w_a: W_Object, w_b: W_Object) -> W_Object:
    """`w_a op= w_b`: lists extend in place; user classes may define `__iadd__`."""
    if isinstance(w_a, W_List):
        if op == OP_ADD:
            w_a.items.extend(iterate_to_list(rt, w_b))
            return w_a
        if op == OP_MUL and isinstance(w_b, W_Int):
            n = w_b.intval
            if n <= 0:
                w_a.items = []
            else:
                w_a.items = w_a.items * n
            return w_a
    if isinstance(w_a, W_Instance):
        w_meth = lookup_user_special(w_a, INPLACE_METHODS[op])
        if w_meth is not None:
            w_res = rt.call(w_meth, [w_a, w_b])
            if w_res is not w_NotImplemented:
                return w_res
    return binary_op(rt, op, w_a, w_b)


# ---------------------------------------------------------------- iteration


def get_iter(rt: Runtime, w: W_Object) -> W_Object:
    """`iter(w)`."""
    if isinstance(w, W_List) or isinstance(w, W_Tuple) or isinstance(w, W_Str):
        return W_SeqIter(w)
    if isinstance(w, W_Range):
        return W_RangeIter(w.start, w.length(), w.step)
    if isinstance(w, W_Dict):
        return W_ListIter(list(w.data.keys()))
    if isinstance(w, W_Set):
        return W_ListIter(list(w.data.keys()))
    if isinstance(w, W_Iterator):
        return w
    if isinstance(w, W_Instance):
        w_meth = lookup_user_special(w, "__iter__")
        if w_meth is not None:
            return rt.call(w_meth, [w])
        w_meth = lookup_user_special(w, "__getitem__")
        if w_meth is not None:
            return W_SeqIter(w)
    raise type_error("'" + type_name(w) + "' object is not iterable")


def iter_next(rt: Runtime, w_it: W_Object):
    """The next item of an iterator, or None (host None) at the end."""
    if isinstance(w_it, W_RangeIter):
        if w_it.remaining <= 0:
            return None
        w_it.remaining -= 1
        v = w_it.current
        w_it.current = v + w_it.step
        return W_Int(v)
    if isinstance(w_it, W_SeqIter):
        return seq_iter_next(rt, w_it)
    if isinstance(w_it, W_ListIter):
        if w_it.index >= len(w_it.items):
            return None
        w_it.index += 1
        return w_it.items[w_it.index - 1]
    if isinstance(w_it, W_EnumerateIter):
        w_item = iter_next(rt, w_it.w_it)
        if w_item is None:
            return None
        w_it.count += 1
        return W_Tuple([W_Int(w_it.count - 1), w_item])
    if isinstance(w_it, W_ZipIter):
        items = []
        for w_sub in w_it.iterators:
            w_item = iter_next(rt, w_sub)
            if w_item is None:
                return None
            items.append(w_item)
        return W_Tuple(items)
    if isinstance(w_it, W_MapIter):
        while True:
            w_item = iter_next(rt, w_it.w_it)
            if w_item is None:
                return None
            w_res = rt.call(w_it.w_func, [w_item])
            if not w_it.is_filter:
                return w_res
            if is_true(rt, w_res):
                return w_item
    if isinstance(w_it, W_ReversedIter):
        if w_it.index < 0:
            return None
        w_it.index -= 1
        return getitem(rt, w_it.w_seq, W_Int(w_it.index + 1))
    if isinstance(w_it, W_Instance):
        w_meth = lookup_user_special(w_it, "__next__")
        if w_meth is None:
            raise type_error("'" + type_name(w_it) + "' object is not an iterator")
        try:
            return rt.call(w_meth, [w_it])
        except OperationError as e:
            w_exc = e.w_exc
            if isinstance(w_exc, W_Instance) and is_subclass_of(w_exc.w_class, w_StopIteration):
                return None
            raise
    raise type_error("'" + type_name(w_it) + "' object is not an iterator")


def seq_iter_next(rt: Runtime, w_it: W_SeqIter):
    w_seq = w_it.w_seq
    i = w_it.index
    if isinstance(w_seq, W_List):
        if i >= len(w_seq.items):
            return None
        w_it.index = i + 1
        return w_seq.items[i]
    if isinstance(w_seq, W_Tuple):
        if i >= len(w_seq.items):
            return None
        w_it.index = i + 1
        return w_seq.items[i]
    if isinstance(w_seq, W_Str):
        if i >= len(w_seq.strval):
            return None
        w_it.index = i + 1
        return W_Str(w_seq.strval[i])
    # an instance with __getitem__: until IndexError
    try:
        w_item = getitem(rt, w_seq, W_Int(i))
    except OperationError as e:
        w_exc = e.w_exc
        if isinstance(w_exc, W_Instance) and w_exc.w_class.name == "IndexError":
            return None
        raise
    w_it.index = i + 1
    return w_item


def is_subclass_of(w_sub: W_Class, w_cls: W_Class) -> bool:
    for w in w_sub.mro:
        if w is w_cls:
            return True
    return False


def iterate_to_list(rt: Runtime, w: W_Object) -> list[W_Object]:
    """All items of an iterable (a copy)."""
    if isinstance(w, W_List):
        return list(w.items)
    if isinstance(w, W_Tuple):
        return list(w.items)
    result = []
    w_it = get_iter(rt, w)
    while True:
        w_item = iter_next(rt, w_it)
        if w_item is None:
            return result
        result.append(w_item)


def unpack(rt: Runtime, w: W_Object, n: int) -> list[W_Object]:
    """The items of `w` for `a, b = w`, checking there are exactly `n`."""
    items = []
    if isinstance(w, W_Tuple):
        items = w.items
    elif isinstance(w, W_List):
        items = w.items
    else:
        if not is_iterable(w):
            raise type_error("cannot unpack non-iterable " + type_name(w) + " object")
        items = iterate_to_list(rt, w)
    if len(items) > n:
        raise value_error("too many values to unpack (expected " + str(n) + ")")
    if len(items) < n:
        raise value_error("not enough values to unpack (expected " + str(n) + ", got " + str(len(items)) + ")")
    return items


def is_iterable(w: W_Object) -> bool:
    if isinstance(w, W_List) or isinstance(w, W_Tuple) or isinstance(w, W_Str) or isinstance(w, W_Dict):
        return True
    if isinstance(w, W_Set) or isinstance(w, W_Range) or isinstance(w, W_Iterator):
        return True
    if isinstance(w, W_Instance):
        return lookup_user_special(w, "__iter__") is not None or lookup_user_special(w, "__getitem__") is not None
    return False
