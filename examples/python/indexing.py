"""Subscription: `obj[index]`, `obj[index] = value`, `del obj[index]`,
with slices, for lists, tuples, strs, dicts, ranges and user classes
(`__getitem__`, `__setitem__`, `__delitem__`)."""

from objects import (
    W_Object, W_Int, W_Str, W_List, W_Tuple, W_Dict, W_Set, W_Range, W_Slice, W_Class, Runtime,
    w_None, type_name,
)
from errors import type_error, index_error, key_error, value_error
from attributes import lookup_user_special
import operations


def check_hashable(w: W_Object) -> None:
    """Raise TypeError for values that cannot be dict keys."""
    if isinstance(w, W_Str) or isinstance(w, W_Int):
        return
    if isinstance(w, W_List) or isinstance(w, W_Dict) or isinstance(w, W_Set):
        raise type_error("unhashable type: '" + type_name(w) + "'")
    if isinstance(w, W_Tuple):
        for w_item in w.items:
            check_hashable(w_item)


def slice_part(w: W_Object, what: str) -> int:
    if isinstance(w, W_Int):
        return w.intval
    raise type_error("slice indices must be integers or None or have an __index__ method")


def slice_indices(w_slice: W_Slice, length: int) -> tuple[int, int, int]:
    """(start, stop, step) of a slice over `length` items, clamped as
    Python's slice.indices() does."""
    step = 1
    if w_slice.w_step is not w_None:
        step = slice_part(w_slice.w_step, "step")
        if step == 0:
            raise value_error("slice step cannot be zero")
    lower = 0
    upper = length
    if step < 0:
        lower = -1
        upper = length - 1
    start = upper if step < 0 else lower
    if w_slice.w_start is not w_None:
        start = slice_part(w_slice.w_start, "start")
        if start < 0:
            start += length
            if start < lower:
                start = lower
        elif start > upper:
            start = upper
    stop = lower if step < 0 else upper
    if w_slice.w_stop is not w_None:
        stop = slice_part(w_slice.w_stop, "stop")
        if stop < 0:
            stop += length
            if stop < lower:
                stop = lower
        elif stop > upper:
            stop = upper
    return (start, stop, step)


def slice_length(start: int, stop: int, step: int) -> int:
    if step > 0:
        if stop <= start:
            return 0
        return (stop - start + step - 1) // step
    if start <= stop:
        return 0
    return (start - stop - step - 1) // (-step)


def slice_items(items: list[W_Object], w_slice: W_Slice) -> list[W_Object]:
    start, stop, step = slice_indices(w_slice, len(items))
    if step == 1:
        if stop <= start:
            return []
        return items[start:stop]
    result = []
    n = slice_length(start, stop, step)
    i = start
    for k in range(n):
        result.append(items[i])
        i += step
    return result


def slice_str(s: str, w_slice: W_Slice) -> str:
    start, stop, step = slice_indices(w_slice, len(s))
    if step == 1:
        if stop <= start:
            return ""
        return s[start:stop]
    parts = []
    n = slice_length(start, stop, step)
    i = start
    for k in range(n):
        parts.append(s[i])
        i += step
    return "".join(parts)


def seq_index(w_index: W_Object, length: int, what: str) -> int:
    """A sequence index made non-negative, or IndexError."""
    if not isinstance(w_index, W_Int):
        raise type_error(what + " indices must be integers or slices, not " + type_name(w_index))
    i = w_index.intval
    if i < 0:
        i += length
    if i < 0 or i >= length:
        raise index_error(what + " index out of range")
    return i


def getitem(rt: Runtime, w_obj: W_Object, w_index: W_Object) -> W_Object:
    """`w_obj[w_index]`."""
    if isinstance(w_obj, W_List):
        if isinstance(w_index, W_Int):
            items = w_obj.items
            i = w_index.intval
            if i < 0:
                i += len(items)
            if i < 0 or i >= len(items):
                raise index_error("list index out of range")
            return items[i]
        if isinstance(w_index, W_Slice):
            return W_List(slice_items(w_obj.items, w_index))
        return w_obj.items[seq_index(w_index, len(w_obj.items), "list")]
    if isinstance(w_obj, W_Dict):
        check_hashable(w_index)
        w_value = w_obj.data.get(w_index, None)
        if w_value is None:
            raise key_error(w_index)
        return w_value
    if isinstance(w_obj, W_Tuple):
        if isinstance(w_index, W_Slice):
            return W_Tuple(slice_items(w_obj.items, w_index))
        return w_obj.items[seq_index(w_index, len(w_obj.items), "tuple")]
    if isinstance(w_obj, W_Str):
        if isinstance(w_index, W_Int):
            s = w_obj.strval
            i = w_index.intval
            if i < 0:
                i += len(s)
            if i < 0 or i >= len(s):
                raise index_error("string index out of range")
            return W_Str(s[i])
        if isinstance(w_index, W_Slice):
            return W_Str(slice_str(w_obj.strval, w_index))
        raise type_error("string indices must be integers, not '" + type_name(w_index) + "'")
    if isinstance(w_obj, W_Range):
        if isinstance(w_index, W_Slice):
            start, stop, step = slice_indices(w_index, w_obj.length())
            return W_Range(w_obj.start + start * w_obj.step, w_obj.start + stop * w_obj.step,
                           w_obj.step * step)
        i = seq_index(w_index, w_obj.length(), "range object")
        return W_Int(w_obj.start + i * w_obj.step)
    w_meth = lookup_user_special(w_obj, "__getitem__")
    if w_meth is not None:
        return rt.call(w_meth, [w_obj, w_index])
    if isinstance(w_obj, W_Class):
        raise type_error("type '" + w_obj.name + "' is not subscriptable")
    raise type_error("'" + type_name(w_obj) + "' object is not subscriptable")


def setitem(rt: Runtime, w_obj: W_Object, w_index: W_Object, w_value: W_Object) -> None:
    """`w_obj[w_index] = w_value`."""
    if isinstance(w_obj, W_List):
        if isinstance(w_index, W_Int):
            items = w_obj.items
            i = w_index.intval
            if i < 0:
                i += len(items)
            if i < 0 or i >= len(items):
                raise index_error("list assignment index out of range")
            items[i] = w_value
            return
        if isinstance(w_index, W_Slice):
            set_slice(rt, w_obj, w_index, w_value)
            return
        raise type_error("list indices must be integers or slices, not " + type_name(w_index))
    if isinstance(w_obj, W_Dict):
        check_hashable(w_index)
        w_obj.data[w_index] = w_value
        return
    w_meth = lookup_user_special(w_obj, "__setitem__")
    if w_meth is not None:
        rt.call(w_meth, [w_obj, w_index, w_value])
        return
    raise type_error("'" + type_name(w_obj) + "' object does not support item assignment")


def set_slice(rt: Runtime, w_list: W_List, w_slice: W_Slice, w_value: W_Object) -> None:
    values = operations.iterate_to_list(rt, w_value)
    items = w_list.items
    start, stop, step = slice_indices(w_slice, len(items))
    if step == 1:
        if stop < start:
            stop = start
        w_list.items = items[:start] + values + items[stop:]
        return
    n = slice_length(start, stop, step)
    if n != len(values):
        raise value_error("attempt to assign sequence of size " + str(len(values))
                          + " to extended slice of size " + str(n))
    i = start
    for k in range(n):
        items[i] = values[k]
        i += step


def delitem(rt: Runtime, w_obj: W_Object, w_index: W_Object) -> None:
    """`del w_obj[w_index]`."""
    if isinstance(w_obj, W_List):
        items = w_obj.items
        if isinstance(w_index, W_Slice):
            start, stop, step = slice_indices(w_index, len(items))
            n = slice_length(start, stop, step)
            if n == 0:
                return
            if step < 0:
                start = start + (n - 1) * step
                step = -step
            keep = []
            for i in range(len(items)):
                if i >= start and (i - start) % step == 0 and (i - start) // step < n:
                    continue
                keep.append(items[i])
            w_obj.items = keep
            return
        if not isinstance(w_index, W_Int):
            raise type_error("list indices must be integers or slices, not " + type_name(w_index))
        i = w_index.intval
        if i < 0:
            i += len(items)
        if i < 0 or i >= len(items):
            raise index_error("list assignment index out of range")
        items.pop(i)
        return
    if isinstance(w_obj, W_Dict):
        check_hashable(w_index)
        if w_index not in w_obj.data:
            raise key_error(w_index)
        del w_obj.data[w_index]
        return
    w_meth = lookup_user_special(w_obj, "__delitem__")
    if w_meth is not None:
        rt.call(w_meth, [w_obj, w_index])
        return
    raise type_error("'" + type_name(w_obj) + "' object doesn't support item deletion")
