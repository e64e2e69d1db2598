"""Unary operators: `-x`, `+x`, `~x`, `not x`."""

from objects import W_Object, W_Int, W_Float, W_Bool, Runtime, wrap_bool, type_name
from errors import type_error
from arith import int_sub
from operations import is_true
from attributes import lookup_user_special
from bytecode import UN_NEG, UN_POS, UN_NOT

UNARY_SYMBOLS = ["-", "+", "~", "not"]
UNARY_METHODS = ["__neg__", "__pos__", "__invert__", "__bool__"]


def unary_op(rt: Runtime, op: int, w: W_Object) -> W_Object:
    if op == UN_NOT:
        return wrap_bool(not is_true(rt, w))
    if isinstance(w, W_Int):
        if op == UN_NEG:
            return W_Int(int_sub(0, w.intval))
        if op == UN_POS:
            if isinstance(w, W_Bool):
                return W_Int(w.intval)
            return w
        return W_Int(~w.intval)
    if isinstance(w, W_Float):
        if op == UN_NEG:
            return W_Float(-w.floatval)
        if op == UN_POS:
            return w
    w_meth = lookup_user_special(w, UNARY_METHODS[op])
    if w_meth is not None:
        return rt.call(w_meth, [w])
    raise type_error("bad operand type for unary " + UNARY_SYMBOLS[op] + ": '" + type_name(w) + "'")
