"""Methods of `str` (registered in the str type's dict by `register_all`)."""

from objects import (
    W_Object, W_Int, W_Str, W_List, W_Tuple, W_BuiltinFunction, Runtime, w_None, wrap_bool,
    type_name, w_str_type,
)
from errors import type_error, value_error
from operations import iterate_to_list


def self_str(args: list[W_Object], name: str) -> str:
    w = args[0]
    if not isinstance(w, W_Str):
        raise type_error("descriptor '" + name + "' for 'str' objects doesn't apply to a '"
                         + type_name(w) + "' object")
    return w.strval


def str_arg(args: list[W_Object], i: int, name: str) -> str:
    w = args[i]
    if not isinstance(w, W_Str):
        raise type_error(name + "() argument " + str(i) + " must be str, not " + type_name(w))
    return w.strval


def opt_str(args: list[W_Object], i: int, name: str) -> str:
    """An optional str argument ("" when absent or None)."""
    if i >= len(args) or args[i] is w_None:
        return ""
    return str_arg(args, i, name)


def opt_int(args: list[W_Object], i: int, default: int) -> int:
    if i >= len(args) or args[i] is w_None:
        return default
    w = args[i]
    if not isinstance(w, W_Int):
        raise type_error("'" + type_name(w) + "' object cannot be interpreted as an integer")
    return w.intval


def wrap_strs(parts: list[str]) -> W_Object:
    items = []
    for p in parts:
        items.append(W_Str(p))
    return W_List(items)


def s_split(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    s = self_str(args, "split")
    sep = opt_str(args, 1, "split")
    maxsplit = opt_int(args, 2, -1)
    if len(args) < 2 and kwargs is not None:
        w_sep = kwargs.get("sep", None)
        if isinstance(w_sep, W_Str):
            sep = w_sep.strval
        w_max = kwargs.get("maxsplit", None)
        if isinstance(w_max, W_Int):
            maxsplit = w_max.intval
    if sep == "":
        if len(args) > 1 and args[1] is not w_None:
            raise value_error("empty separator")
        return wrap_strs(s.split(None, maxsplit) if maxsplit >= 0 else s.split())
    if maxsplit >= 0:
        return wrap_strs(s.split(sep, maxsplit))
    return wrap_strs(s.split(sep))


def s_rsplit(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    s = self_str(args, "rsplit")
    sep = opt_str(args, 1, "rsplit")
    maxsplit = opt_int(args, 2, -1)
    if maxsplit < 0:
        return s_split(rt, args, kwargs)
    parts = []
    while maxsplit > 0:
        if sep == "":
            s = s.rstrip()
            i = len(s) - 1
            while i >= 0 and not s[i].isspace():
                i -= 1
            if i < 0:
                break
            parts.append(s[i + 1:])
            s = s[:i]
        else:
            i = s.rfind(sep)
            if i < 0:
                break
            parts.append(s[i + len(sep):])
            s = s[:i]
        maxsplit -= 1
    if sep == "":
        s = s.rstrip()
        if s != "":
            parts.append(s)
    else:
        parts.append(s)
    parts.reverse()
    return wrap_strs(parts)


def s_splitlines(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return wrap_strs(self_str(args, "splitlines").splitlines())


def s_join(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    sep = self_str(args, "join")
    parts = []
    items = iterate_to_list(rt, args[1])
    for i in range(len(items)):
        w = items[i]
        if not isinstance(w, W_Str):
            raise type_error("sequence item " + str(i) + ": expected str instance, " + type_name(w) + " found")
        parts.append(w.strval)
    return W_Str(sep.join(parts))


def s_strip(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    s = self_str(args, "strip")
    if len(args) > 1 and args[1] is not w_None:
        return W_Str(s.strip(str_arg(args, 1, "strip")))
    return W_Str(s.strip())


def s_lstrip(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    s = self_str(args, "lstrip")
    if len(args) > 1 and args[1] is not w_None:
        return W_Str(s.lstrip(str_arg(args, 1, "lstrip")))
    return W_Str(s.lstrip())


def s_rstrip(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    s = self_str(args, "rstrip")
    if len(args) > 1 and args[1] is not w_None:
        return W_Str(s.rstrip(str_arg(args, 1, "rstrip")))
    return W_Str(s.rstrip())


def affix_matches(s: str, w_affix: W_Object, at_start: bool, name: str) -> bool:
    if isinstance(w_affix, W_Tuple):
        for w in w_affix.items:
            if affix_matches(s, w, at_start, name):
                return True
        return False
    if not isinstance(w_affix, W_Str):
        raise type_error(name + " first arg must be str or a tuple of str, not " + type_name(w_affix))
    if at_start:
        return s.startswith(w_affix.strval)
    return s.endswith(w_affix.strval)


def s_startswith(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    s = self_str(args, "startswith")
    start = opt_int(args, 2, 0)
    if start > 0:
        s = s[start:]
    return wrap_bool(affix_matches(s, args[1], True, "startswith"))


def s_endswith(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return wrap_bool(affix_matches(self_str(args, "endswith"), args[1], False, "endswith"))


def search_bounds(s: str, args: list[W_Object]) -> tuple[int, int]:
    start = opt_int(args, 2, 0)
    end = opt_int(args, 3, len(s))
    if start < 0:
        start = max(0, start + len(s))
    if end < 0:
        end = max(0, end + len(s))
    if end > len(s):
        end = len(s)
    return (start, end)


def find_sub(s: str, args: list[W_Object], name: str, from_right: bool) -> int:
    sub = str_arg(args, 1, name)
    start, end = search_bounds(s, args)
    if start > end:
        return -1
    part = s[start:end]
    i = part.rfind(sub) if from_right else part.find(sub)
    if i < 0:
        return -1
    return i + start


def s_find(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return W_Int(find_sub(self_str(args, "find"), args, "find", False))


def s_rfind(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return W_Int(find_sub(self_str(args, "rfind"), args, "rfind", True))


def s_index(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    i = find_sub(self_str(args, "index"), args, "index", False)
    if i < 0:
        raise value_error("substring not found")
    return W_Int(i)


def s_rindex(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    i = find_sub(self_str(args, "rindex"), args, "rindex", True)
    if i < 0:
        raise value_error("substring not found")
    return W_Int(i)


def s_count(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    s = self_str(args, "count")
    start, end = search_bounds(s, args)
    return W_Int(s[start:end].count(str_arg(args, 1, "count")) if start <= end else 0)


def s_replace(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    s = self_str(args, "replace")
    old = str_arg(args, 1, "replace")
    new = str_arg(args, 2, "replace")
    count = opt_int(args, 3, -1)
    if count >= 0:
        return W_Str(s.replace(old, new, count))
    return W_Str(s.replace(old, new))


def s_upper(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return W_Str(self_str(args, "upper").upper())


def s_lower(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return W_Str(self_str(args, "lower").lower())


def s_capitalize(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    s = self_str(args, "capitalize")
    if s == "":
        return W_Str(s)
    return W_Str(s[0].upper() + s[1:].lower())


def s_title(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    s = self_str(args, "title")
    out = []
    prev_cased = False
    for c in s:
        if c.isalpha():
            out.append(c.lower() if prev_cased else c.upper())
            prev_cased = True
        else:
            out.append(c)
            prev_cased = False
    return W_Str("".join(out))


def s_isdigit(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return wrap_bool(self_str(args, "isdigit").isdigit())


def s_isalpha(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return wrap_bool(self_str(args, "isalpha").isalpha())


def s_isspace(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return wrap_bool(self_str(args, "isspace").isspace())


def s_isalnum(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return wrap_bool(self_str(args, "isalnum").isalnum())


def s_isupper(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return wrap_bool(self_str(args, "isupper").isupper())


def s_islower(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return wrap_bool(self_str(args, "islower").islower())


def fill_arg(args: list[W_Object], i: int) -> str:
    if i >= len(args):
        return " "
    fill = str_arg(args, i, "fill")
    if len(fill) != 1:
        raise type_error("The fill character must be exactly one character long")
    return fill


def s_ljust(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    s = self_str(args, "ljust")
    return W_Str(s.ljust(opt_int(args, 1, 0), fill_arg(args, 2)))


def s_rjust(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    s = self_str(args, "rjust")
    return W_Str(s.rjust(opt_int(args, 1, 0), fill_arg(args, 2)))


def s_center(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    s = self_str(args, "center")
    width = opt_int(args, 1, 0)
    fill = fill_arg(args, 2)
    missing = width - len(s)
    if missing <= 0:
        return W_Str(s)
    left = missing // 2 + (missing & width & 1)
    return W_Str(fill * left + s + fill * (missing - left))


def s_zfill(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    return W_Str(self_str(args, "zfill").zfill(opt_int(args, 1, 0)))


def s_partition(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    s = self_str(args, "partition")
    sep = str_arg(args, 1, "partition")
    if sep == "":
        raise value_error("empty separator")
    i = s.find(sep)
    if i < 0:
        return W_Tuple([W_Str(s), W_Str(""), W_Str("")])
    return W_Tuple([W_Str(s[:i]), W_Str(sep), W_Str(s[i + len(sep):])])


def s_rpartition(rt: Runtime, args: list[W_Object], kwargs) -> W_Object:
    s = self_str(args, "rpartition")
    sep = str_arg(args, 1, "rpartition")
    if sep == "":
        raise value_error("empty separator")
    i = s.rfind(sep)
    if i < 0:
        return W_Tuple([W_Str(""), W_Str(""), W_Str(s)])
    return W_Tuple([W_Str(s[:i]), W_Str(sep), W_Str(s[i + len(sep):])])


def add(name: str, fn, min_args: int, max_args: int) -> None:
    w_str_type.dict[name] = W_BuiltinFunction(name, fn, min_args, max_args)


def register_all() -> None:
    """Put the str methods into the str type."""
    add("split", s_split, 1, 3)
    add("rsplit", s_rsplit, 1, 3)
    add("splitlines", s_splitlines, 1, 1)
    add("join", s_join, 2, 2)
    add("strip", s_strip, 1, 2)
    add("lstrip", s_lstrip, 1, 2)
    add("rstrip", s_rstrip, 1, 2)
    add("startswith", s_startswith, 2, 3)
    add("endswith", s_endswith, 2, 2)
    add("find", s_find, 2, 4)
    add("rfind", s_rfind, 2, 4)
    add("index", s_index, 2, 4)
    add("rindex", s_rindex, 2, 4)
    add("count", s_count, 2, 4)
    add("replace", s_replace, 3, 4)
    add("upper", s_upper, 1, 1)
    add("lower", s_lower, 1, 1)
    add("capitalize", s_capitalize, 1, 1)
    add("title", s_title, 1, 1)
    add("isdigit", s_isdigit, 1, 1)
    add("isalpha", s_isalpha, 1, 1)
    add("isspace", s_isspace, 1, 1)
    add("isalnum", s_isalnum, 1, 1)
    add("isupper", s_isupper, 1, 1)
    add("islower", s_islower, 1, 1)
    add("ljust", s_ljust, 2, 3)
    add("rjust", s_rjust, 2, 3)
    add("center", s_center, 2, 3)
    add("zfill", s_zfill, 2, 2)
    add("partition", s_partition, 2, 2)
    add("rpartition", s_rpartition, 2, 2)
