"""Primitives: the operations the kernel's methods name with
``<primitive: N>``.

A primitive reads its receiver and arguments from the top of the caller's
stack and answers the result, or None when it fails (wrong argument types,
index out of range, overflow...): the method's Smalltalk code then runs
instead, and usually signals a meaningful error. The primitives that switch
frames (block evaluation, perform, context returns) are run by the
interpreter itself; their numbers are declared here.
"""

import time

from kiln.rarith import ovfcheck

from objects import (W_Object, W_Instance, W_SmallInteger, W_Character, W_String, W_Symbol,
                     W_Array, W_Block, W_Class, Frame, Cell, NIL, TRUE, FALSE, CLASSES, KIND_OBJECT,
                     KIND_ARRAY, KIND_STRING, wrap_bool, wrap_char, intern_symbol, identity_hash)
from classes import define_subclass, add_classvar, DefinitionError
import text

# Primitives run by the interpreter (they switch frames).
PRIM_BLOCK_VALUE0 = 201      # value, value:, ... value:value:value:value: = 201..205
PRIM_BLOCK_VALUE4 = 205
PRIM_BLOCK_VALUE_ARGS = 206
PRIM_PERFORM = 207           # perform:, perform:with:, ...
PRIM_PERFORM_ARGS = 208
PRIM_ON_DO = 209             # marks the frame of on:do: (always fails)
PRIM_CONTEXT_RETURN = 210    # aContext unwindAndReturn: value
PRIM_CONTEXT_RESTART = 211   # aContext restart
PRIM_UNWIND_MARK = 212       # marks the frames of ensure: and ifCurtailed: (always fails)

# Primitives that end the program.
PRIM_TERMINATE = 146

# The largest Array or String ``new:`` makes, and the widest padding.
MAX_SIZE = 1 << 28


class Terminate(Exception):
    """Raised by the terminate primitive: an unhandled error; the
    interpreter turns it into a ``SmalltalkError`` at ``frame``."""

    def __init__(self, text: str, frame: Frame):
        Exception.__init__(self, text)
        self.text = text
        self.frame = frame


def receiver_of(frame: Frame, nargs: int) -> W_Object:
    """The receiver of the send being run."""
    return frame.stack[frame.sp - nargs - 1]


def argument_of(frame: Frame, nargs: int, i: int) -> W_Object:
    """Argument ``i`` (from 0) of the send being run."""
    return frame.stack[frame.sp - nargs + i]


def simple_primitive(vm, number: int, frame: Frame, nargs: int) -> "W_Object | None":
    """Dispatch on the primitive number's range."""
    if number < 30:
        return integer_primitive(number, frame, nargs)
    if number < 70:
        return object_primitive(vm, number, frame, nargs)
    if number < 110:
        return collection_primitive(number, frame, nargs)
    if number < 130:
        return character_primitive(number, frame, nargs)
    return system_primitive(vm, number, frame, nargs)


# -- SmallInteger (1-29) ------------------------------------------------------------

def integer_primitive(number: int, frame: Frame, nargs: int) -> "W_Object | None":
    """Arithmetic, comparison, bit operations and printing of integers."""
    w_rcv = receiver_of(frame, nargs)
    if not isinstance(w_rcv, W_SmallInteger):
        return None
    a = w_rcv.value
    if nargs == 0:
        if number == 19:
            return W_String(str(a))
        if number == 21:
            if a < 0 or a > 0x10FFFF:
                return None
            return wrap_char(a)
        if number == 22:
            if a < 0:
                return None
            return W_SmallInteger(isqrt(a))
        return None
    w_arg = argument_of(frame, nargs, 0)
    if number == 23:
        w_pad = argument_of(frame, nargs, 1)
        if not (isinstance(w_arg, W_Character) and isinstance(w_pad, W_SmallInteger)):
            return None
        if w_pad.value > MAX_SIZE:
            return None
        s = str(a)
        fill = chr(w_arg.code)
        while len(s) < w_pad.value:
            s = fill + s
        return W_String(s)
    if not isinstance(w_arg, W_SmallInteger):
        return None
    b = w_arg.value
    try:
        if number == 1:
            return W_SmallInteger(ovfcheck(a + b))
        if number == 2:
            return W_SmallInteger(ovfcheck(a - b))
        if number == 3:
            return W_SmallInteger(ovfcheck(a * b))
    except OverflowError:
        return None
    if number >= 4 and number <= 8:
        return integer_division(number, a, b)
    if number == 9:
        return wrap_bool(a < b)
    if number == 10:
        return wrap_bool(a > b)
    if number == 11:
        return wrap_bool(a <= b)
    if number == 12:
        return wrap_bool(a >= b)
    if number == 13:
        return wrap_bool(a == b)
    if number == 14:
        return wrap_bool(a != b)
    if number == 15:
        return W_SmallInteger(a & b)
    if number == 16:
        return W_SmallInteger(a | b)
    if number == 17:
        return W_SmallInteger(a ^ b)
    if number == 18:
        return shift(a, b)
    if number == 20:
        if b < 2 or b > 36:
            return None
        return W_String(int_to_radix(a, b))
    return None


def integer_division(number: int, a: int, b: int) -> "W_Object | None":
    """``//`` ``\\\\`` ``quo:`` ``rem:`` ``/`` (exact quotients only);
    None on division by zero or overflow."""
    if b == 0:
        return None
    if a == -9223372036854775807 - 1 and b == -1:
        if number == 5 or number == 7:
            return W_SmallInteger(0)
        return None
    if number == 4:
        return W_SmallInteger(a // b)
    if number == 5:
        return W_SmallInteger(a % b)
    q = abs(a) // abs(b)
    if (a < 0) != (b < 0):
        q = -q
    if number == 6:
        return W_SmallInteger(q)
    if number == 7:
        return W_SmallInteger(a - q * b)
    if a % b != 0:
        return None
    return W_SmallInteger(a // b)


def shift(a: int, n: int) -> "W_Object | None":
    """``bitShift:``: left for positive ``n`` (failing on overflow)."""
    if n >= 0:
        if n >= 63:
            if a == 0:
                return W_SmallInteger(0)
            return None
        r = a << n
        if (r >> n) != a:
            return None
        return W_SmallInteger(r)
    if n <= -64:
        if a < 0:
            return W_SmallInteger(-1)
        return W_SmallInteger(0)
    return W_SmallInteger(a >> (-n))


def isqrt(n: int) -> int:
    """The integer square root (floor) of a non-negative integer."""
    if n < 2:
        return n
    x = n
    y = (x + 1) // 2
    while y < x:
        x = y
        y = (x + n // x) // 2
    return x


def int_to_radix(value: int, radix: int) -> str:
    """Digits of ``value`` in ``radix`` (uppercase letters above 9)."""
    if value == 0:
        return "0"
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    negative = value < 0
    parts = []
    # work with negative numbers so that the most negative one works too
    v = value
    if not negative:
        v = -v
    while v != 0:
        q = -((-v) // radix)
        d = q * radix - v
        parts.append(digits[d])
        v = q
    if negative:
        parts.append("-")
    parts.reverse()
    return "".join(parts)


# -- Object and Behavior (30-69) ----------------------------------------------------

def object_primitive(vm, number: int, frame: Frame, nargs: int) -> "W_Object | None":
    """Identity, classes, instantiation, reflection."""
    w_rcv = receiver_of(frame, nargs)
    if number == 30:
        return wrap_bool(w_rcv.is_identical(argument_of(frame, nargs, 0)))
    if number == 31:
        return w_rcv.getclass()
    if number == 32:
        return W_SmallInteger(identity_hash(w_rcv))
    if number == 35 or number == 36:
        return inst_var_access(number, frame, nargs, w_rcv)
    if number == 37:
        return shallow_copy(w_rcv)
    if number == 38:
        w_sel = argument_of(frame, nargs, 0)
        if not isinstance(w_sel, W_String):
            return None
        return wrap_bool(w_rcv.getclass().lookup(w_sel.value) is not None)
    if number == 43:
        if isinstance(w_rcv, W_Array):
            return W_SmallInteger(len(w_rcv.items))
        if isinstance(w_rcv, W_String):
            return W_SmallInteger(len(w_rcv.value))
        return W_SmallInteger(0)
    if not isinstance(w_rcv, W_Class):
        return None
    return class_primitive(vm, number, frame, nargs, w_rcv)


def inst_var_access(number: int, frame: Frame, nargs: int, w_rcv: W_Object) -> "W_Object | None":
    """``instVarAt:`` and ``instVarAt:put:`` (1-based)."""
    w_index = argument_of(frame, nargs, 0)
    if not isinstance(w_index, W_SmallInteger):
        return None
    i = w_index.value - 1
    if isinstance(w_rcv, W_Instance):
        fields = w_rcv.fields
    elif isinstance(w_rcv, W_Class):
        fields = w_rcv.fields
    else:
        return None
    if i < 0 or i >= len(fields):
        return None
    if number == 35:
        return fields[i]
    value = argument_of(frame, nargs, 1)
    fields[i] = value
    return value


def shallow_copy(w_rcv: W_Object) -> W_Object:
    """A copy sharing the fields' values (immediates answer themselves)."""
    if isinstance(w_rcv, W_Instance):
        if w_rcv is NIL or w_rcv is TRUE or w_rcv is FALSE:
            return w_rcv
        return W_Instance(w_rcv.w_class, list(w_rcv.fields))
    if isinstance(w_rcv, W_Array):
        return W_Array(list(w_rcv.items))
    if isinstance(w_rcv, W_Symbol):
        return w_rcv
    if isinstance(w_rcv, W_String):
        return W_String(w_rcv.value)
    return w_rcv


def class_primitive(vm, number: int, frame: Frame, nargs: int, w_class: W_Class) -> "W_Object | None":
    """Primitives whose receiver is a class."""
    if number == 33:
        if w_class.kind != KIND_OBJECT or w_class.is_meta:
            return None
        return W_Instance(w_class, [NIL] * len(w_class.instvar_names))
    if number == 34:
        w_size = argument_of(frame, nargs, 0)
        if not isinstance(w_size, W_SmallInteger) or w_size.value < 0 or w_size.value > MAX_SIZE:
            return None
        if w_class.kind == KIND_ARRAY:
            return W_Array([NIL] * w_size.value)
        if w_class.kind == KIND_STRING:
            return W_String(" " * w_size.value)
        return None
    if number == 50:
        return W_String(w_class.name)
    if number == 51:
        if w_class.superclass is None:
            return NIL
        return w_class.superclass
    if number == 52:
        w_other = argument_of(frame, nargs, 0)
        if not isinstance(w_other, W_Class):
            return FALSE
        return wrap_bool(w_class.inherits_from(w_other))
    if number == 53:
        names = []
        for sel in w_class.methods:
            names.append(sel)
        names.sort()
        return W_Array([wrap_symbol(n) for n in names])
    if number == 54:
        w_sel = argument_of(frame, nargs, 0)
        if not isinstance(w_sel, W_String):
            return None
        return wrap_bool(w_sel.value in w_class.methods)
    if number == 55:
        return W_Array([wrap_string(n) for n in w_class.instvar_names])
    if number == 56:
        return W_String(w_class.comment)
    if number == 57 or number == 58:
        return subclass_message(vm, number, frame, nargs, w_class)
    if number == 59:
        return wrap_bool(w_class.is_meta)
    if number == 60:
        if w_class.instance_class is None:
            return NIL
        return w_class.instance_class
    return None


def wrap_symbol(name: str) -> W_Object:
    """The symbol as a generic object (for list comprehensions)."""
    return intern_symbol(name)


def wrap_string(value: str) -> W_Object:
    """A new string as a generic object."""
    return W_String(value)


def subclass_message(vm, number: int, frame: Frame, nargs: int, w_class: W_Class) -> "W_Object | None":
    """``Object subclass: #Foo`` and ``Object subclass: #Foo
    instanceVariableNames: 'a b' classVariableNames: 'C' package: 'x'``."""
    w_name = argument_of(frame, nargs, 0)
    if not isinstance(w_name, W_String):
        return None
    instvars = []
    classvars = []
    if number == 58:
        w_ivars = argument_of(frame, nargs, 1)
        w_cvars = argument_of(frame, nargs, 2)
        if not (isinstance(w_ivars, W_String) and isinstance(w_cvars, W_String)):
            return None
        instvars = w_ivars.value.split()
        classvars = w_cvars.value.split()
    try:
        w_new = define_subclass(vm.globals, w_class, w_name.value, instvars)
        for c in classvars:
            add_classvar(w_new, c)
    except DefinitionError:
        return None
    return w_new


# -- Arrays and strings (70-109) ------------------------------------------------------

def collection_primitive(number: int, frame: Frame, nargs: int) -> "W_Object | None":
    """Indexing and copying of Arrays and Strings; string operations."""
    w_rcv = receiver_of(frame, nargs)
    if number < 80:
        if isinstance(w_rcv, W_Array):
            return array_primitive(number, frame, nargs, w_rcv)
        if isinstance(w_rcv, W_String):
            return text.indexed_string_primitive(number, frame, nargs, w_rcv)
        return None
    if not isinstance(w_rcv, W_String):
        return None
    return text.string_primitive(number, frame, nargs, w_rcv)


def array_primitive(number: int, frame: Frame, nargs: int, w_array: W_Array) -> "W_Object | None":
    """at:, at:put:, size, copyFrom:to:, ``,`` and
    replaceFrom:to:with:startingAt: on Arrays."""
    items = w_array.items
    if number == 72:
        return W_SmallInteger(len(items))
    w_a = argument_of(frame, nargs, 0)
    if number == 74:
        if not isinstance(w_a, W_Array):
            return None
        return W_Array(items + w_a.items)
    if not isinstance(w_a, W_SmallInteger):
        return None
    i = w_a.value
    if number == 70:
        if i < 1 or i > len(items):
            return None
        return items[i - 1]
    if number == 71:
        if i < 1 or i > len(items):
            return None
        value = argument_of(frame, nargs, 1)
        items[i - 1] = value
        return value
    w_b = argument_of(frame, nargs, 1)
    if not isinstance(w_b, W_SmallInteger):
        return None
    j = w_b.value
    if number == 73:
        if i < 1 or j > len(items) or j < i - 1:
            return None
        return W_Array(items[i - 1:j])
    if number == 75:
        w_src = argument_of(frame, nargs, 2)
        w_start = argument_of(frame, nargs, 3)
        if not (isinstance(w_src, W_Array) and isinstance(w_start, W_SmallInteger)):
            return None
        start = w_start.value
        count = j - i + 1
        if i < 1 or j > len(items) or count < 0 or start < 1 or start - 1 + count > len(w_src.items):
            return None
        chunk = w_src.items[start - 1:start - 1 + count]
        for k in range(count):
            items[i - 1 + k] = chunk[k]
        return w_array
    return None


# -- Characters (110-129) -------------------------------------------------------------

def character_primitive(number: int, frame: Frame, nargs: int) -> "W_Object | None":
    """Character tests and conversions; ``Character value: n``."""
    w_rcv = receiver_of(frame, nargs)
    if number == 111:
        w_code = argument_of(frame, nargs, 0)
        if not isinstance(w_code, W_SmallInteger) or w_code.value < 0 or w_code.value > 0x10FFFF:
            return None
        return wrap_char(w_code.value)
    if not isinstance(w_rcv, W_Character):
        return None
    code = w_rcv.code
    ch = chr(code)
    if number == 110:
        return W_SmallInteger(code)
    if number == 112:
        return wrap_char(ord(ch.upper()[0]))
    if number == 113:
        return wrap_char(ord(ch.lower()[0]))
    if number == 114:
        return wrap_bool(ch in "aeiouAEIOU")
    if number == 115:
        return wrap_bool(ch.isalpha())
    if number == 116:
        return wrap_bool("0" <= ch <= "9")
    if number == 117:
        return wrap_bool(ch.isupper())
    if number == 118:
        return wrap_bool(ch.islower())
    if number == 119:
        return wrap_bool(ch.isspace())
    if number == 120:
        return W_String("$" + ch)
    if number == 121:
        return W_String(ch)
    if number == 123:
        d = -1
        if "0" <= ch <= "9":
            d = code - 48
        elif "A" <= ch <= "Z":
            d = code - 55
        elif "a" <= ch <= "z":
            d = code - 87
        return W_SmallInteger(d)
    if number == 124:
        return wrap_bool(ch in ".,:;!?")
    if number == 126:
        return wrap_bool(ch.isalnum())
    w_arg = argument_of(frame, nargs, 0)
    if not isinstance(w_arg, W_Character):
        return None
    if number == 122:
        return wrap_bool(code < w_arg.code)
    return None


# -- Blocks, contexts and the system (130-199) -------------------------------------------

def system_primitive(vm, number: int, frame: Frame, nargs: int) -> "W_Object | None":
    """Blocks, contexts, output, arguments, clock, globals."""
    w_rcv = receiver_of(frame, nargs)
    if number == 130:
        if not isinstance(w_rcv, W_Block):
            return None
        return W_SmallInteger(w_rcv.code.nargs)
    if number >= 140 and number < 150:
        if not isinstance(w_rcv, Frame):
            return None
        return context_primitive(number, frame, nargs, w_rcv)
    if number == 150:
        w_text = argument_of(frame, nargs, 0)
        if not isinstance(w_text, W_String):
            return None
        vm.write(w_text.value)
        return w_rcv
    if number == 151:
        vm.write("\n")
        return w_rcv
    if number == 152:
        return W_Array([wrap_string(a) for a in vm.arguments])
    if number == 153:
        return W_SmallInteger(int(time.time() * 1000.0))
    if number >= 154 and number <= 156:
        return global_primitive(vm, number, frame, nargs)
    if number == 157:
        vm.flush()
        return w_rcv
    return None


def global_primitive(vm, number: int, frame: Frame, nargs: int) -> "W_Object | None":
    """``Smalltalk at: #Name``, ``at:put:``, ``includesKey:``."""
    w_key = argument_of(frame, nargs, 0)
    if not isinstance(w_key, W_String):
        return None
    name = w_key.value
    if number == 155:
        value = argument_of(frame, nargs, 1)
        if name in vm.globals:
            vm.globals[name].value = value
        else:
            vm.globals[name] = Cell(name, value)
        return value
    cell = None
    if name in vm.globals:
        cell = vm.globals[name]
    defined = cell is not None and cell.value is not None
    if number == 156:
        return wrap_bool(defined)
    if cell is not None:
        value = cell.value
        if value is not None:
            return value
    return NIL


def context_primitive(number: int, frame: Frame, nargs: int, w_ctx: Frame) -> "W_Object | None":
    """Contexts (frames) as objects, for exception handling."""
    if number == 140:
        sender = w_ctx.sender
        if sender is None:
            return NIL
        return sender
    if number == 141:
        f = w_ctx
        while f is not None:
            if f.code.primitive == PRIM_ON_DO and not f.handler_active and f.active:
                return f
            f = f.sender
        return NIL
    if number == 142 or number == 143:
        if w_ctx.code.primitive != PRIM_ON_DO:
            return NIL
        return w_ctx.stack[143 - number]
    if number == 144:
        w_flag = argument_of(frame, nargs, 0)
        w_ctx.handler_active = w_flag is TRUE
        return w_ctx
    if number == 145:
        return W_String(describe_frame(w_ctx))
    if number == 146:
        w_text = argument_of(frame, nargs, 0)
        message = "error"
        if isinstance(w_text, W_String):
            message = w_text.value
        raise Terminate(message, w_ctx)
    if number == 147:
        return wrap_bool(w_ctx.active)
    if number == 148:
        return w_ctx.receiver
    if number == 149:
        return next_unwind_block(w_ctx, argument_of(frame, nargs, 0))
    return None


def next_unwind_block(start: Frame, w_target: W_Object) -> "W_Object | None":
    """The block of the innermost ``ensure:``/``ifCurtailed:`` between
    ``start`` and the context ``w_target`` (exclusive) that has neither
    completed nor run yet, marking it as run; nil if there is none."""
    if not isinstance(w_target, Frame):
        return None
    f = start.sender
    while f is not None and f is not w_target:
        if f.code.primitive == PRIM_UNWIND_MARK and f.active and f.stack[2] is NIL:
            f.stack[2] = TRUE
            return f.stack[0]
        f = f.sender
    return NIL


def describe_frame(frame: Frame) -> str:
    """``Class>>selector (file:line)`` for backtraces."""
    code = frame.code
    line = code.line_at(frame.pc - 1)
    return code.name + " (" + code.source_name + ":" + str(line) + ")"
