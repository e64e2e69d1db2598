"""Stable sorting of guest values (`sorted`, `list.sort`), with `key=` and
`reverse=`.  Keys that are all ints or all strs are sorted by the host;
anything else by a merge sort calling the guest's `<`."""

from objects import W_Object, W_Int, W_Bool, W_Str, Runtime, w_None
from operations import less_than


def sort_items(rt: Runtime, items: list[W_Object], w_key, reverse: bool) -> list[W_Object]:
    """A sorted copy of `items` (stable, also when reversed)."""
    keys = items
    if w_key is not None and w_key is not w_None:
        keys = []
        for w in items:
            keys.append(rt.call(w_key, [w]))
    n = len(items)
    if n < 2:
        return list(items)
    order = host_sorted_order(keys, reverse)
    if len(order) != n:
        order = merge_sorted_order(rt, keys, reverse)
    result = []
    for i in order:
        result.append(items[i])
    return result


def host_sorted_order(keys: list[W_Object], reverse: bool) -> list[int]:
    """Positions of `keys` in sorted order when every key is an int (or
    every key a str); an empty list otherwise."""
    all_ints = True
    all_strs = True
    for w in keys:
        if not isinstance(w, W_Int) or isinstance(w, W_Bool):
            all_ints = False
        if not isinstance(w, W_Str):
            all_strs = False
    sign = -1 if reverse else 1
    order = []
    if all_ints:
        pairs = []
        for i in range(len(keys)):
            w = keys[i]
            if isinstance(w, W_Int):
                pairs.append((w.intval, sign * i))
        pairs.sort()
        for p in pairs:
            order.append(sign * p[1])
    elif all_strs:
        spairs = []
        for i in range(len(keys)):
            w = keys[i]
            if isinstance(w, W_Str):
                spairs.append((w.strval, sign * i))
        spairs.sort()
        for p in spairs:
            order.append(sign * p[1])
    if reverse:
        order.reverse()
    return order


def merge_sorted_order(rt: Runtime, keys: list[W_Object], reverse: bool) -> list[int]:
    """Bottom-up merge sort of positions, comparing keys with `<`."""
    n = len(keys)
    order = list(range(n))
    tmp = [0] * n
    width = 1
    while width < n:
        lo = 0
        while lo < n:
            mid = lo + width if lo + width < n else n
            hi = lo + 2 * width if lo + 2 * width < n else n
            i = lo
            j = mid
            k = lo
            while i < mid and j < hi:
                # take from the right run only if strictly before the left
                if reverse:
                    take_right = less_than(rt, keys[order[i]], keys[order[j]])
                else:
                    take_right = less_than(rt, keys[order[j]], keys[order[i]])
                if take_right:
                    tmp[k] = order[j]
                    j += 1
                else:
                    tmp[k] = order[i]
                    i += 1
                k += 1
            while i < mid:
                tmp[k] = order[i]
                i += 1
                k += 1
            while j < hi:
                tmp[k] = order[j]
                j += 1
                k += 1
            lo += 2 * width
        for m in range(n):
            order[m] = tmp[m]
        width *= 2
    return order
