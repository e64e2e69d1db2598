"""Methods of the built-in types (str, list, dict, set, tuple, float,
object, BaseException, property), stored as W_BuiltinFunctions in the
dict of their type, so that `x.method` finds them like user methods."""

from objects import (
    W_Object, W_Int, W_Float, W_Str, W_List, W_Tuple, W_Dict, W_Set, W_Class, W_Instance,
    W_BuiltinFunction, W_Property, Runtime, w_None, w_True, w_False, wrap_bool, type_name,
    instance_set, w_str_type, w_list_type, w_dict_type, w_set_type, w_tuple_type, w_float_type,
    w_int_type, w_object_type, w_property_type, w_BaseException,
)
from errors import type_error, value_error, index_error, key_error
from operations import eq, is_true, repr_w, str_w, iterate_to_list, default_repr, exception_str
from indexing import check_hashable
from sorting import sort_items
from strformat import str_format
import strmethods


def add(w_type: W_Class, name: str, fn, min_args: int, max_args: int) -> None:
    """Register a method; the counts include `self`."""
    w_type.dict[name] = W_BuiltinFunction(name, fn, min_args, max_args)


def kw(kwargs, name: str):
    if kwargs is None:
        return None
    return kwargs.get(name, None)


def self_list(args: list[W_Object], name: str) -> W_List:
    w = args[0]
    if not isinstance(w, W_List):
        raise type_error("descriptor '" + name + "' for 'list' objects doesn't apply to a '"
                         + type_name(w) + "' object")
    return w


def self_dict(args: list[W_Object], name: str) -> W_Dict:
    w = args[0]
    if not isinstance(w, W_Dict):
        raise type_error("descriptor '" + name + "' for 'dict' objects doesn't apply to a '"
                         + type_name(w) + "' object")
    return w


def self_set(args: list[W_Object], name: str) -> W_Set:
    w = args[0]
    if not isinstance(w, W_Set):
        raise type_error("descriptor '" + name + "' for 'set' objects doesn't apply to a '"
                         + type_name(w) + "' object")
    return w


def int_arg(w: W_Object) -> int:
    if isinstance(w, W_Int):
        return w.intval
    raise type_error("'" + type_name(w) + "' object cannot be interpreted as an integer")


# ---------------------------------------------------------------- list


def list_append(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    self_list(args, "append").items.append(args[1])
    return w_None


def list_extend(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w_list = self_list(args, "extend")
    w_list.items.extend(iterate_to_list(rt, args[1]))
    return w_None


def list_pop(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    items = self_list(args, "pop").items
    if len(items) == 0:
        raise index_error("pop from empty list")
    i = len(items) - 1
    if len(args) > 1:
        i = int_arg(args[1])
        if i < 0:
            i += len(items)
        if i < 0 or i >= len(items):
            raise index_error("pop index out of range")
    return items.pop(i)


def list_insert(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    items = self_list(args, "insert").items
    i = int_arg(args[1])
    if i < 0:
        i += len(items)
        if i < 0:
            i = 0
    if i > len(items):
        i = len(items)
    items.insert(i, args[2])
    return w_None


def find_in(rt: Runtime, items: list[W_Object], w_value: W_Object) -> int:
    for i in range(len(items)):
        if eq(rt, items[i], w_value):
            return i
    return -1


def list_remove(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    items = self_list(args, "remove").items
    i = find_in(rt, items, args[1])
    if i < 0:
        raise value_error("list.remove(x): x not in list")
    items.pop(i)
    return w_None


def seq_index(rt: Runtime, items: list[W_Object], args: list[W_Object], what: str) -> W_Object:
    start = 0
    stop = len(items)
    if len(args) > 2:
        start = int_arg(args[2])
        if start < 0:
            start = max(0, start + len(items))
    if len(args) > 3:
        stop = int_arg(args[3])
        if stop < 0:
            stop += len(items)
    for i in range(start, min(stop, len(items))):
        if eq(rt, items[i], args[1]):
            return W_Int(i)
    if what == "list":
        raise value_error(repr_w(rt, args[1]) + " is not in list")
    raise value_error("tuple.index(x): x not in tuple")


def list_index(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return seq_index(rt, self_list(args, "index").items, args, "list")


def seq_count(rt: Runtime, items: list[W_Object], w_value: W_Object) -> W_Object:
    n = 0
    for w in items:
        if eq(rt, w, w_value):
            n += 1
    return W_Int(n)


def list_count(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return seq_count(rt, self_list(args, "count").items, args[1])


def list_reverse(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    self_list(args, "reverse").items.reverse()
    return w_None


def list_sort(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w_list = self_list(args, "sort")
    w_reverse = kw(kwargs, "reverse")
    reverse = w_reverse is not None and is_true(rt, w_reverse)
    w_list.items = sort_items(rt, w_list.items, kw(kwargs, "key"), reverse)
    return w_None


def list_copy(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return W_List(list(self_list(args, "copy").items))


def list_clear(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    self_list(args, "clear").items = []
    return w_None


# ---------------------------------------------------------------- tuple


def tuple_index(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w = args[0]
    assert isinstance(w, W_Tuple)
    return seq_index(rt, w.items, args, "tuple")


def tuple_count(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w = args[0]
    assert isinstance(w, W_Tuple)
    return seq_count(rt, w.items, args[1])


# ---------------------------------------------------------------- dict


def dict_get(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w_dict = self_dict(args, "get")
    check_hashable(args[1])
    w_value = w_dict.data.get(args[1], None)
    if w_value is None:
        if len(args) > 2:
            return args[2]
        return w_None
    return w_value


def dict_keys(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return W_List(list(self_dict(args, "keys").data.keys()))


def dict_values(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return W_List(list(self_dict(args, "values").data.values()))


def dict_items(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    items = []
    for w_key, w_value in self_dict(args, "items").data.items():
        items.append(W_Tuple([w_key, w_value]))
    return W_List(items)


def dict_pop(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w_dict = self_dict(args, "pop")
    check_hashable(args[1])
    w_value = w_dict.data.get(args[1], None)
    if w_value is None:
        if len(args) > 2:
            return args[2]
        raise key_error(args[1])
    del w_dict.data[args[1]]
    return w_value


def dict_popitem(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w_dict = self_dict(args, "popitem")
    if len(w_dict.data) == 0:
        raise key_error(W_Str("popitem(): dictionary is empty"))
    keys = list(w_dict.data.keys())
    w_key = keys[len(keys) - 1]
    w_value = w_dict.data[w_key]
    del w_dict.data[w_key]
    return W_Tuple([w_key, w_value])


def dict_setdefault(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w_dict = self_dict(args, "setdefault")
    check_hashable(args[1])
    w_value = w_dict.data.get(args[1], None)
    if w_value is None:
        w_value = args[2] if len(args) > 2 else w_None
        w_dict.data[args[1]] = w_value
    return w_value


def dict_update_from(rt: Runtime, w_dict: W_Dict, w_other: W_Object) -> None:
    """Add the pairs of a dict, or of an iterable of pairs."""
    if isinstance(w_other, W_Dict):
        for w_key, w_value in w_other.data.items():
            w_dict.data[w_key] = w_value
        return
    for w_pair in iterate_to_list(rt, w_other):
        pair = iterate_to_list(rt, w_pair)
        if len(pair) != 2:
            raise value_error("dictionary update sequence element has length " + str(len(pair)) + "; 2 is required")
        check_hashable(pair[0])
        w_dict.data[pair[0]] = pair[1]


def dict_update(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w_dict = self_dict(args, "update")
    if len(args) > 1:
        dict_update_from(rt, w_dict, args[1])
    if kwargs is not None:
        for key in kwargs:
            w_dict.data[W_Str(key)] = kwargs[key]
    return w_None


def dict_copy(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w_new = W_Dict()
    for w_key, w_value in self_dict(args, "copy").data.items():
        w_new.data[w_key] = w_value
    return w_new


def dict_clear(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    self_dict(args, "clear").data = {}
    return w_None


# ---------------------------------------------------------------- set


def set_add(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w_set = self_set(args, "add")
    check_hashable(args[1])
    w_set.data[args[1]] = w_None
    return w_None


def set_remove(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w_set = self_set(args, "remove")
    check_hashable(args[1])
    if args[1] not in w_set.data:
        raise key_error(args[1])
    del w_set.data[args[1]]
    return w_None


def set_discard(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w_set = self_set(args, "discard")
    check_hashable(args[1])
    if args[1] in w_set.data:
        del w_set.data[args[1]]
    return w_None


def set_pop(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w_set = self_set(args, "pop")
    if len(w_set.data) == 0:
        raise key_error(W_Str("pop from an empty set"))
    keys = list(w_set.data.keys())
    w_key = keys[0]
    del w_set.data[w_key]
    return w_key


def new_set(items: list[W_Object]) -> W_Set:
    w_set = W_Set()
    for w in items:
        check_hashable(w)
        w_set.data[w] = w_None
    return w_set


def set_combine(rt: Runtime, w_a: W_Set, w_b: W_Object, how: int) -> W_Set:
    """union (0), intersection (1), difference (2), symmetric difference (3)."""
    other = new_set(iterate_to_list(rt, w_b))
    result = W_Set()
    if how == 0:
        for w in w_a.data:
            result.data[w] = w_None
        for w in other.data:
            result.data[w] = w_None
    elif how == 1:
        for w in w_a.data:
            if w in other.data:
                result.data[w] = w_None
    elif how == 2:
        for w in w_a.data:
            if w not in other.data:
                result.data[w] = w_None
    else:
        for w in w_a.data:
            if w not in other.data:
                result.data[w] = w_None
        for w in other.data:
            if w not in w_a.data:
                result.data[w] = w_None
    return result


def set_union(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return set_combine(rt, self_set(args, "union"), args[1], 0)


def set_intersection(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return set_combine(rt, self_set(args, "intersection"), args[1], 1)


def set_difference(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return set_combine(rt, self_set(args, "difference"), args[1], 2)


def set_update(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w_set = self_set(args, "update")
    for w in iterate_to_list(rt, args[1]):
        check_hashable(w)
        w_set.data[w] = w_None
    return w_None


def set_issubset(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w_set = self_set(args, "issubset")
    other = new_set(iterate_to_list(rt, args[1]))
    for w in w_set.data:
        if w not in other.data:
            return w_False
    return w_True


def set_copy(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return new_set(list(self_set(args, "copy").data.keys()))


def set_clear(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    self_set(args, "clear").data = {}
    return w_None


# ---------------------------------------------------------------- object, exceptions, property


def object_init(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return w_None


def object_repr(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w = args[0]
    if isinstance(w, W_Instance):
        return W_Str(default_repr(rt, w))
    return W_Str(repr_w(rt, w))


def object_str(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return W_Str(repr_w(rt, args[0]))


def exception_init(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w = args[0]
    if isinstance(w, W_Instance):
        instance_set(w, "args", W_Tuple(args[1:]))
    return w_None


def exception_str_method(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w = args[0]
    if isinstance(w, W_Instance):
        return W_Str(exception_str(rt, w))
    return W_Str(str_w(rt, w))


def property_setter(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w_prop = args[0]
    assert isinstance(w_prop, W_Property)
    w_new = W_Property(w_prop.w_getter)
    w_new.w_setter = args[1]
    return w_new


def float_is_integer(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w = args[0]
    assert isinstance(w, W_Float)
    f = w.floatval
    return wrap_bool(f == f and f - f == 0.0 and float(int(f)) == f)


def int_bit_length(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    v = int_arg(args[0])
    if v < 0:
        v = -v
    n = 0
    while v > 0:
        v >>= 1
        n += 1
    return W_Int(n)


def str_format_method(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    w = args[0]
    assert isinstance(w, W_Str)
    return W_Str(str_format(rt, w.strval, args[1:], kwargs))


add(w_list_type, "append", list_append, 2, 2)
add(w_list_type, "extend", list_extend, 2, 2)
add(w_list_type, "pop", list_pop, 1, 2)
add(w_list_type, "insert", list_insert, 3, 3)
add(w_list_type, "remove", list_remove, 2, 2)
add(w_list_type, "index", list_index, 2, 4)
add(w_list_type, "count", list_count, 2, 2)
add(w_list_type, "reverse", list_reverse, 1, 1)
add(w_list_type, "sort", list_sort, 1, 1)
add(w_list_type, "copy", list_copy, 1, 1)
add(w_list_type, "clear", list_clear, 1, 1)
add(w_tuple_type, "index", tuple_index, 2, 4)
add(w_tuple_type, "count", tuple_count, 2, 2)
add(w_dict_type, "get", dict_get, 2, 3)
add(w_dict_type, "keys", dict_keys, 1, 1)
add(w_dict_type, "values", dict_values, 1, 1)
add(w_dict_type, "items", dict_items, 1, 1)
add(w_dict_type, "pop", dict_pop, 2, 3)
add(w_dict_type, "popitem", dict_popitem, 1, 1)
add(w_dict_type, "setdefault", dict_setdefault, 2, 3)
add(w_dict_type, "update", dict_update, 1, 2)
add(w_dict_type, "copy", dict_copy, 1, 1)
add(w_dict_type, "clear", dict_clear, 1, 1)
add(w_set_type, "add", set_add, 2, 2)
add(w_set_type, "remove", set_remove, 2, 2)
add(w_set_type, "discard", set_discard, 2, 2)
add(w_set_type, "pop", set_pop, 1, 1)
add(w_set_type, "union", set_union, 2, 2)
add(w_set_type, "intersection", set_intersection, 2, 2)
add(w_set_type, "difference", set_difference, 2, 2)
add(w_set_type, "update", set_update, 2, 2)
add(w_set_type, "issubset", set_issubset, 2, 2)
add(w_set_type, "copy", set_copy, 1, 1)
add(w_set_type, "clear", set_clear, 1, 1)
add(w_object_type, "__init__", object_init, 1, -1)
add(w_object_type, "__repr__", object_repr, 1, 1)
add(w_object_type, "__str__", object_str, 1, 1)
add(w_BaseException, "__init__", exception_init, 1, -1)
add(w_BaseException, "__str__", exception_str_method, 1, 1)
add(w_property_type, "setter", property_setter, 2, 2)
add(w_float_type, "is_integer", float_is_integer, 1, 1)
add(w_int_type, "bit_length", int_bit_length, 1, 1)
add(w_str_type, "format", str_format_method, 1, -1)
strmethods.register_all()
