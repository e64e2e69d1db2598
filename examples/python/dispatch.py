"""The meaning of each opcode: `dispatch` executes one instruction of a
frame and returns the index of the next one (-1 after RETURN_VALUE).

It is called from the interpreter loop in `vm.py`, which holds the JIT
hints; with the JIT, `op` and `arg` are constants (read through @elidable
functions of the green `code` and `pc`), so the chain of tests below
folds away in a trace.
"""

from kiln.jit import promote
from objects import (
    W_Object, W_Int, W_Float, W_Str, W_List, W_Tuple, W_Dict, W_Set, W_Slice, W_Class, W_Instance,
    W_ExcInstance, W_Function, W_Cell, W_Super, Runtime, w_None, w_NULL, wrap_bool,
    global_cell, type_of, is_subclass, w_NameError, w_RuntimeError, w_UnboundLocalError,
    w_ImportError,
)
from arith import int_add, int_sub, compare_ints
from errors import OperationError, type_error, name_error, oefmt, value_error
from bytecode import (
    Code, get_const, get_name, fast_arity, NOP, LOAD_CONST, LOAD_FAST, STORE_FAST, DELETE_FAST, LOAD_DEREF,
    STORE_DEREF, LOAD_CLOSURE, LOAD_GLOBAL, STORE_GLOBAL, DELETE_GLOBAL, LOAD_NAME, STORE_NAME,
    DELETE_NAME, LOAD_ATTR, STORE_ATTR, DELETE_ATTR, LOAD_METHOD, CALL_METHOD, CALL_FUNCTION,
    CALL_KW, CALL_EX, BINARY_OP, INPLACE_OP, UNARY_OP, COMPARE_OP, BINARY_SUBSCR, STORE_SUBSCR,
    DELETE_SUBSCR, BUILD_SLICE, BUILD_LIST, BUILD_TUPLE, BUILD_MAP, BUILD_SET, LIST_APPEND,
    SET_ADD, MAP_ADD, LIST_EXTEND, LIST_TO_TUPLE, UNPACK_SEQUENCE, UNPACK_EX, POP_TOP, DUP_TOP,
    DUP_TOP_TWO, ROT_TWO, ROT_THREE, JUMP, POP_JUMP_IF_FALSE, POP_JUMP_IF_TRUE,
    JUMP_IF_FALSE_OR_POP, JUMP_IF_TRUE_OR_POP, GET_ITER, FOR_ITER, RETURN_VALUE, MAKE_FUNCTION,
    BUILD_CLASS, RAISE, RERAISE, EXC_MATCH, IMPORT_NAME, IMPORT_FROM, LOAD_SUPER, FORMAT_VALUE,
    BUILD_STRING, DICT_UPDATE, OP_ADD, OP_SUB, OP_MUL, FORMAT_HAS_SPEC, CALL_EX_HAS_KWARGS,
)
from frame import Frame
from operations import (
    is_true, binary_op, inplace_op, compare, get_iter, iter_next, unpack, iterate_to_list,
    repr_w, str_w,
)
from unaryops import unary_op
from indexing import getitem, setitem, delitem, check_hashable
from attributes import getattr_w, delattr_w
from caches import load_attr, store_attr, load_method, load_global
from strformat import format_w
from pybuiltins import BUILTINS


def load_global_name(frame: Frame, name: str) -> W_Object:
    cell = global_cell(promote(frame.w_globals), name)
    w_value = cell.w_value
    if w_value is None:
        w_value = global_cell(BUILTINS, name).w_value
        if w_value is None:
            raise name_error(name)
    return w_value


def push_reversed(frame: Frame, items: list[W_Object]) -> None:
    """Push `items` last first (UNPACK_SEQUENCE), so the first is on top."""
    for i in range(len(items) - 1, -1, -1):
        frame.push(items[i])


def build_map(items: list[W_Object]) -> W_Dict:
    """A dict of the key/value pairs `items` holds in turn (BUILD_MAP)."""
    w_dict = W_Dict()
    for i in range(len(items) // 2):
        check_hashable(items[2 * i])
        w_dict.data[items[2 * i]] = items[2 * i + 1]
    return w_dict


def dispatch(vm: Runtime, frame: Frame, code: Code, pc: int, op: int, arg: int) -> int:
    """Execute instruction `pc` (`op`, `arg`) of `frame`; the next pc.
    It has no loop of its own (loops live in the helpers it calls), so the
    JIT inlines it into a trace and folds the chain of tests below."""
    # The three most frequent instructions use the stack directly instead of
    # Frame.push/pop: the native backend does not inline calls (yet).
    if op == LOAD_FAST:
        values = frame.values
        w = values[arg]
        if w is w_NULL:
            raise oefmt(w_UnboundLocalError, "cannot access local variable '" + code.varnames[arg]
                        + "' where it is not associated with a value")
        sp = frame.sp
        values[sp] = w
        frame.sp = sp + 1
    elif op == LOAD_CONST:
        sp = frame.sp
        frame.values[sp] = get_const(code, arg)
        frame.sp = sp + 1
    elif op == STORE_FAST:
        values = frame.values
        sp = frame.sp - 1
        values[arg] = values[sp]
        values[sp] = w_NULL
        frame.sp = sp
    elif op == LOAD_ATTR:
        frame.push(load_attr(vm, code, pc, frame.pop(), arg))
    elif op == LOAD_GLOBAL:
        w = load_global(code, frame.w_globals, arg)
        if w is None:
            raise name_error(get_name(code, arg))
        frame.push(w)
    elif op == LOAD_METHOD:
        w_obj = frame.pop()
        w_func = load_method(code, pc, w_obj, arg)
        if w_func is not None:
            frame.push(w_func)
            frame.push(w_obj)
        else:
            frame.push(getattr_w(vm, w_obj, get_name(code, arg)))
            frame.push(w_NULL)
    elif op == CALL_METHOD:
        call_method(vm, frame, arg)
    elif op == BINARY_OP:
        w_b = frame.pop()
        w_a = frame.pop()
        frame.push(fast_binary(vm, arg, w_a, w_b))
    elif op == COMPARE_OP:
        w_b = frame.pop()
        w_a = frame.pop()
        if isinstance(w_a, W_Int) and isinstance(w_b, W_Int) and arg <= 5:
            frame.push(wrap_bool(compare_int_values(arg, w_a.intval, w_b.intval)))
        else:
            frame.push(compare(vm, arg, w_a, w_b))
    elif op == POP_JUMP_IF_FALSE:
        if not is_true(vm, frame.pop()):
            return arg
    elif op == POP_JUMP_IF_TRUE:
        if is_true(vm, frame.pop()):
            return arg
    elif op == JUMP:
        return arg
    elif op == FOR_ITER:
        w_next = iter_next(vm, frame.top())
        if w_next is None:
            frame.pop()
            return arg
        frame.push(w_next)
    elif op == CALL_FUNCTION:
        call_from_stack(vm, frame, frame.sp - arg - 1, frame.sp - arg)
    elif op == RETURN_VALUE:
        return -1
    elif op == STORE_ATTR:
        w_obj = frame.pop()
        w_value = frame.pop()
        store_attr(vm, code, pc, w_obj, arg, w_value)
    elif op == BINARY_SUBSCR:
        w_index = frame.pop()
        w_obj = frame.pop()
        frame.push(getitem(vm, w_obj, w_index))
    elif op == STORE_SUBSCR:
        w_index = frame.pop()
        w_obj = frame.pop()
        w_value = frame.pop()
        setitem(vm, w_obj, w_index, w_value)
    elif op == POP_TOP:
        frame.pop()
    elif op == INPLACE_OP:
        w_b = frame.pop()
        w_a = frame.pop()
        if isinstance(w_a, W_List) or isinstance(w_a, W_Instance):
            frame.push(inplace_op(vm, arg, w_a, w_b))
        else:
            frame.push(fast_binary(vm, arg, w_a, w_b))
    elif op == LOAD_DEREF:
        w = frame.cells[arg].w_value
        if w is None:
            raise name_error_free(code, arg)
        frame.push(w)
    elif op == STORE_DEREF:
        frame.cells[arg].w_value = frame.pop()
    elif op == UNARY_OP:
        frame.push(unary_op(vm, arg, frame.pop()))
    elif op == JUMP_IF_FALSE_OR_POP:
        if not is_true(vm, frame.top()):
            return arg
        frame.pop()
    elif op == JUMP_IF_TRUE_OR_POP:
        if is_true(vm, frame.top()):
            return arg
        frame.pop()
    elif op == GET_ITER:
        frame.push(get_iter(vm, frame.pop()))
    elif op == BUILD_TUPLE:
        frame.push(W_Tuple(frame.pop_n(arg)))
    elif op == BUILD_LIST:
        frame.push(W_List(frame.pop_n(arg)))
    elif op == UNPACK_SEQUENCE:
        push_reversed(frame, unpack(vm, frame.pop(), arg))
    elif op == LIST_APPEND:
        w = frame.pop()
        w_list = frame.peek(arg)
        assert isinstance(w_list, W_List)
        w_list.items.append(w)
    elif op == DUP_TOP:
        frame.push(frame.top())
    elif op == ROT_TWO:
        w_1 = frame.pop()
        w_2 = frame.pop()
        frame.push(w_1)
        frame.push(w_2)
    elif op == ROT_THREE:
        w_1 = frame.pop()
        w_2 = frame.pop()
        w_3 = frame.pop()
        frame.push(w_1)
        frame.push(w_3)
        frame.push(w_2)
    elif op == DUP_TOP_TWO:
        w_1 = frame.peek(1)
        w_2 = frame.peek(0)
        frame.push(w_1)
        frame.push(w_2)
    elif op == CALL_KW:
        call_kw(vm, frame, code, arg)
    elif op == BUILD_MAP:
        frame.push(build_map(frame.pop_n(2 * arg)))
    else:
        return dispatch_rare(vm, frame, code, pc, op, arg)
    return pc + 1


def dispatch_rare(vm: Runtime, frame: Frame, code: Code, pc: int, op: int, arg: int) -> int:
    """The less frequent opcodes (split off to keep `dispatch` short)."""
    if op == MAKE_FUNCTION:
        frame.push(make_function(frame, code.codes[arg]))
    elif op == LOAD_CLOSURE:
        frame.push(frame.cells[arg])
    elif op == STORE_GLOBAL:
        global_cell(promote(frame.w_globals), get_name(code, arg)).w_value = frame.pop()
    elif op == LOAD_NAME:
        frame.push(load_name(frame, get_name(code, arg)))
    elif op == STORE_NAME:
        store_name(frame, get_name(code, arg), frame.pop())
    elif op == BUILD_CLASS:
        w_bases = frame.pop()
        w_body = frame.pop()
        frame.push(vm.build_class(get_name(code, arg), w_bases, w_body))
    elif op == RAISE:
        do_raise(vm, frame, arg)
    elif op == RERAISE:
        w_exc = frame.pop()
        e = OperationError(w_exc)
        if isinstance(w_exc, W_ExcInstance):
            e.line = w_exc.line
        raise e
    elif op == EXC_MATCH:
        w_type = frame.pop()
        w_exc = frame.pop()
        frame.push(wrap_bool(exception_matches(type_of(w_exc), w_type)))
    elif op == LOAD_SUPER:
        frame.push(load_super(frame))
    elif op == FORMAT_VALUE:
        spec = ""
        if arg & FORMAT_HAS_SPEC:
            w_spec = frame.pop()
            assert isinstance(w_spec, W_Str)
            spec = w_spec.strval
        w_value = frame.pop()
        conv = arg & 3
        if conv == 1:
            w_value = W_Str(str_w(vm, w_value))
        elif conv == 2 or conv == 3:
            w_value = W_Str(repr_w(vm, w_value))
        frame.push(W_Str(format_w(vm, w_value, spec)))
    elif op == BUILD_STRING:
        parts = []
        for w in frame.pop_n(arg):
            assert isinstance(w, W_Str)
            parts.append(w.strval)
        frame.push(W_Str("".join(parts)))
    elif op == BUILD_SLICE:
        w_step = w_None
        if arg == 3:
            w_step = frame.pop()
        w_stop = frame.pop()
        w_start = frame.pop()
        frame.push(W_Slice(w_start, w_stop, w_step))
    elif op == BUILD_SET:
        w_set = W_Set()
        for w in frame.pop_n(arg):
            check_hashable(w)
            w_set.data[w] = w_None
        frame.push(w_set)
    elif op == SET_ADD:
        w = frame.pop()
        w_set = frame.peek(arg)
        assert isinstance(w_set, W_Set)
        check_hashable(w)
        w_set.data[w] = w_None
    elif op == MAP_ADD:
        w_value = frame.pop()
        w_key = frame.pop()
        w_dict = frame.peek(arg)
        assert isinstance(w_dict, W_Dict)
        check_hashable(w_key)
        w_dict.data[w_key] = w_value
    elif op == LIST_EXTEND:
        w = frame.pop()
        w_list = frame.peek(arg)
        assert isinstance(w_list, W_List)
        w_list.items.extend(iterate_to_list(vm, w))
    elif op == LIST_TO_TUPLE:
        w_list = frame.pop()
        assert isinstance(w_list, W_List)
        frame.push(W_Tuple(w_list.items))
    elif op == DICT_UPDATE:
        w = frame.pop()
        w_dict = frame.top()
        assert isinstance(w_dict, W_Dict)
        if not isinstance(w, W_Dict):
            raise type_error("argument after ** must be a mapping, not " + type_of(w).name)
        for w_key, w_value in w.data.items():
            w_dict.data[w_key] = w_value
    elif op == CALL_EX:
        call_ex(vm, frame, arg)
    elif op == UNPACK_EX:
        unpack_ex(vm, frame, arg)
    elif op == DELETE_SUBSCR:
        w_index = frame.pop()
        w_obj = frame.pop()
        delitem(vm, w_obj, w_index)
    elif op == DELETE_ATTR:
        delattr_w(frame.pop(), get_name(code, arg))
    elif op == DELETE_FAST:
        if frame.values[arg] is w_NULL:
            raise oefmt(w_UnboundLocalError, "cannot access local variable '" + code.varnames[arg]
                        + "' where it is not associated with a value")
        frame.values[arg] = w_NULL
    elif op == DELETE_GLOBAL:
        cell = global_cell(frame.w_globals, get_name(code, arg))
        if cell.w_value is None:
            raise name_error(get_name(code, arg))
        cell.w_value = None
    elif op == DELETE_NAME:
        delete_name(frame, get_name(code, arg))
    elif op == IMPORT_NAME:
        frame.push(vm.import_module(get_name(code, arg)))
    elif op == IMPORT_FROM:
        name = get_name(code, arg)
        w_module = frame.top()
        try:
            frame.push(getattr_w(vm, w_module, name))
        except OperationError:
            raise oefmt(w_ImportError, "cannot import name '" + name + "' from '"
                        + str_w(vm, getattr_w(vm, w_module, "__name__")) + "'")
    elif op == NOP:
        pass
    else:
        raise value_error("unknown opcode " + str(op))
    return pc + 1


def fast_binary(vm: Runtime, op: int, w_a: W_Object, w_b: W_Object) -> W_Object:
    """BINARY_OP (and INPLACE_OP on values without in-place forms): int
    `+ -` and float `+ - *` directly, the rest through operations.binary_op."""
    if isinstance(w_a, W_Int) and isinstance(w_b, W_Int):
        if op == OP_ADD:
            return W_Int(int_add(w_a.intval, w_b.intval))
        if op == OP_SUB:
            return W_Int(int_sub(w_a.intval, w_b.intval))
    elif isinstance(w_a, W_Float) and isinstance(w_b, W_Float):
        if op == OP_ADD:
            return W_Float(w_a.floatval + w_b.floatval)
        if op == OP_SUB:
            return W_Float(w_a.floatval - w_b.floatval)
        if op == OP_MUL:
            return W_Float(w_a.floatval * w_b.floatval)
    return binary_op(vm, op, w_a, w_b)


def compare_int_values(op: int, a: int, b: int) -> bool:
    return compare_ints(op, a, b)


def name_error_free(code: Code, index: int) -> OperationError:
    name = ""
    if index < len(code.cellvars):
        name = code.cellvars[index]
    else:
        name = code.freevars[index - len(code.cellvars)]
    return name_error_text("cannot access free variable '" + name
                           + "' where it is not associated with a value in enclosing scope")


def name_error_text(msg: str) -> OperationError:
    return oefmt(w_NameError, msg)


def call_method(vm: Runtime, frame: Frame, argc: int) -> None:
    """CALL_METHOD: [callable, self or NULL, args...] -> result."""
    base = frame.sp - argc - 2
    first = base + 1
    if frame.values[first] is w_NULL:
        first = base + 2
    call_from_stack(vm, frame, base, first)


def call_from_stack(vm: Runtime, frame: Frame, base: int, first: int) -> None:
    """Call the callable at stack[base] with the arguments stack[first:sp];
    the stack is cut back to `base` and the result pushed.  Calls of
    functions with only positional parameters copy the arguments straight
    into the new frame."""
    w_callable = frame.values[base]
    n = frame.sp - first
    if isinstance(w_callable, W_Function):
        code = promote(w_callable.code)
        if n == fast_arity(code):
            new_frame = Frame(code, w_callable.w_globals, w_callable)
            for i in range(n):
                new_frame.values[i] = frame.values[first + i]
            clear_stack(frame, base)
            frame.push(vm.run_function(w_callable, new_frame))
            return
    args = frame.values[first:frame.sp]
    clear_stack(frame, base)
    frame.push(vm.call_function(w_callable, args, None, None))


def clear_stack(frame: Frame, base: int) -> None:
    """Drop the stack items from `base` up."""
    for i in range(base, frame.sp):
        frame.values[i] = w_NULL
    frame.sp = base


def call_kw(vm: Runtime, frame: Frame, code: Code, index: int) -> None:
    """CALL_KW: [callable, positional..., keyword values...] -> result."""
    names = code.kwcalls[index]
    npos = code.kwcall_npos[index]
    kwvalues = frame.pop_n(len(names))
    args = frame.pop_n(npos)
    w_callable = frame.pop()
    frame.push(vm.call_function(w_callable, args, names, kwvalues))


def call_ex(vm: Runtime, frame: Frame, flags: int) -> None:
    """CALL_EX: [callable, args tuple, (kwargs dict)] -> result."""
    kwnames = None
    kwvalues = None
    if flags & CALL_EX_HAS_KWARGS:
        w_kwargs = frame.pop()
        assert isinstance(w_kwargs, W_Dict)
        kwnames = []
        kwvalues = []
        for w_key, w_value in w_kwargs.data.items():
            if not isinstance(w_key, W_Str):
                raise type_error("keywords must be strings")
            kwnames.append(w_key.strval)
            kwvalues.append(w_value)
    w_args = frame.pop()
    assert isinstance(w_args, W_Tuple)
    w_callable = frame.pop()
    frame.push(vm.call_function(w_callable, list(w_args.items), kwnames, kwvalues))


def unpack_ex(vm: Runtime, frame: Frame, arg: int) -> None:
    """UNPACK_EX: `a, *b, c = iterable`."""
    before = arg & 0xFF
    after = arg >> 8
    items = iterate_to_list(vm, frame.pop())
    if len(items) < before + after:
        raise value_error("not enough values to unpack (expected at least " + str(before + after)
                          + ", got " + str(len(items)) + ")")
    for i in range(len(items) - 1, len(items) - 1 - after, -1):
        frame.push(items[i])
    frame.push(W_List(items[before:len(items) - after]))
    for i in range(before - 1, -1, -1):
        frame.push(items[i])


def make_function(frame: Frame, code: Code) -> W_Function:
    """MAKE_FUNCTION: pops closure cells, keyword-only defaults, defaults."""
    cells = []
    for w in frame.pop_n(len(code.freevars)):
        assert isinstance(w, W_Cell)
        cells.append(w)
    kwdefaults = frame.pop_n(len(code.kwdefault_names))
    defaults = frame.pop_n(code.ndefaults)
    w_func = W_Function(code.name, code, frame.w_globals, defaults, cells)
    for i in range(len(kwdefaults)):
        w_func.kwdefaults[code.kwdefault_names[i]] = kwdefaults[i]
    return w_func


def load_name(frame: Frame, name: str) -> W_Object:
    """LOAD_NAME in a class body: its namespace, then globals, built-ins."""
    ns = frame.namespace
    if ns is not None:
        w = ns.get(name, None)
        if w is not None:
            return w
    return load_global_name(frame, name)


def store_name(frame: Frame, name: str, w_value: W_Object) -> None:
    ns = frame.namespace
    if ns is not None:
        ns[name] = w_value
    else:
        global_cell(frame.w_globals, name).w_value = w_value


def delete_name(frame: Frame, name: str) -> None:
    ns = frame.namespace
    if ns is not None and name in ns:
        del ns[name]
        return
    raise name_error(name)


def exception_matches(w_exc_type: W_Class, w_type: W_Object) -> bool:
    """Does an `except w_type` clause catch an exception of `w_exc_type`?"""
    if isinstance(w_type, W_Class):
        if not w_type.is_exception:
            raise type_error("catching classes that do not inherit from BaseException is not allowed")
        return is_subclass(w_exc_type, w_type)
    if isinstance(w_type, W_Tuple):
        for w in w_type.items:
            if exception_matches(w_exc_type, w):
                return True
        return False
    raise type_error("catching classes that do not inherit from BaseException is not allowed")


def do_raise(vm: Runtime, frame: Frame, nargs: int) -> None:
    """RAISE: `raise` (nargs 0), `raise exc`, `raise exc from cause`."""
    if nargs == 0:
        raise oefmt(w_RuntimeError, "No active exception to reraise")
    if nargs == 2:
        frame.pop()
    w = frame.pop()
    if isinstance(w, W_Class) and w.is_exception:
        w = vm.call_function(w, [], None, None)
    if isinstance(w, W_Instance) and w.w_class.is_exception:
        raise OperationError(w)
    raise type_error("exceptions must derive from BaseException")


def load_super(frame: Frame) -> W_Object:
    """`super()` inside a method: the defining class and the first argument."""
    w_func = frame.w_func
    if w_func is not None and len(frame.code.varnames) > 0:
        w_owner = w_func.w_owner
        w_self = frame.values[0]
        if w_owner is not None and w_self is not w_NULL:
            return W_Super(w_owner, w_self)
    raise oefmt(w_RuntimeError, "super(): no arguments")
