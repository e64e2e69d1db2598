"""The guest object model: every guest value is an instance of a `W_Object`
subclass (the "W_" prefix follows PyPy: a *wrapped* guest value).

This module only defines the data; the behaviour that may run guest code
(repr, comparisons, attribute lookup...) lives in `operations.py`.

Host-level `==`/`hash` on a W_Object are the guest's dict-key semantics
(`1 == 1.0 == True`, strings and tuples by value, everything else by
identity), so a host `dict[W_Object, W_Object]` is a guest dict.  Callers
check hashability first (`operations.check_hashable`), so `key_hash` never
meets a list or a dict.
"""

from kiln.jit import elidable, promote


class W_Object:
    """Base class of every guest value."""

    def key_hash(self) -> int:
        """Hash for dict keys (identity-like by default)."""
        return 0

    def key_eq(self, other: "W_Object") -> bool:
        """Equality for dict keys (identity by default)."""
        return self is other

    def __eq__(self, other) -> bool:
        return self.key_eq(other)

    def __hash__(self) -> int:
        return self.key_hash()


class W_NoneObject(W_Object):
    """The type of `None` (one instance, `w_None`)."""

    def key_hash(self) -> int:
        return 0x5A5A


class W_Int(W_Object):
    """A guest int (64-bit here: overflow raises OverflowError)."""

    def __init__(self, intval: int):
        self.intval = intval

    def key_hash(self) -> int:
        return hash(self.intval)

    def key_eq(self, other: W_Object) -> bool:
        if isinstance(other, W_Int):
            return self.intval == other.intval
        if isinstance(other, W_Float):
            return other.floatval == self.intval
        return False


class W_Bool(W_Int):
    """`True` and `False` (two instances); a bool is an int, as in Python."""

    def __init__(self, intval: int):
        W_Int.__init__(self, intval)


class W_Float(W_Object):
    """A guest float (IEEE double)."""

    def __init__(self, floatval: float):
        self.floatval = floatval

    def key_hash(self) -> int:
        f = self.floatval
        if f == f and -1e18 < f < 1e18 and float(int(f)) == f:
            return hash(int(f))
        return hash(f)

    def key_eq(self, other: W_Object) -> bool:
        if isinstance(other, W_Float):
            return self.floatval == other.floatval
        if isinstance(other, W_Int):
            return self.floatval == other.intval
        return False


class W_Str(W_Object):
    """A guest str."""

    def __init__(self, strval: str):
        self.strval = strval

    def key_hash(self) -> int:
        return hash(self.strval)

    def key_eq(self, other: W_Object) -> bool:
        return isinstance(other, W_Str) and other.strval == self.strval


class W_List(W_Object):
    """A guest list (items in a host list)."""

    def __init__(self, items: list[W_Object]):
        self.items = items


class W_Tuple(W_Object):
    """A guest tuple."""

    def __init__(self, items: list[W_Object]):
        self.items = items

    def key_hash(self) -> int:
        h = 0x345678
        for w in self.items:
            h = ((h ^ w.key_hash()) & 0xFFFFFFFFFF) * 1000003
        return h + len(self.items)

    def key_eq(self, other: W_Object) -> bool:
        if not isinstance(other, W_Tuple):
            return False
        a = self.items
        b = other.items
        if len(a) != len(b):
            return False
        for i in range(len(a)):
            if not a[i].key_eq(b[i]):
                return False
        return True


class W_Dict(W_Object):
    """A guest dict: a host dict keyed by guest values (see module doc)."""

    def __init__(self):
        self.data: dict[W_Object, W_Object] = {}


class W_Set(W_Object):
    """A guest set: the keys of a host dict (values unused)."""

    def __init__(self):
        self.data: dict[W_Object, W_Object] = {}


class W_Cell(W_Object):
    """A variable captured by a closure, or a module global.

    `w_value` is None (host None) while the variable is unbound.
    """

    def __init__(self, w_value):
        self.w_value = w_value


class W_Range(W_Object):
    """A `range` object."""

    def __init__(self, start: int, stop: int, step: int):
        self.start = start
        self.stop = stop
        self.step = step

    def length(self) -> int:
        if self.step > 0:
            if self.start >= self.stop:
                return 0
            return (self.stop - self.start + self.step - 1) // self.step
        if self.start <= self.stop:
            return 0
        return (self.start - self.stop - self.step - 1) // (-self.step)


class W_Slice(W_Object):
    """A slice object (`a[lo:hi:step]`); absent parts are `w_None`."""

    def __init__(self, w_start: W_Object, w_stop: W_Object, w_step: W_Object):
        self.w_start = w_start
        self.w_stop = w_stop
        self.w_step = w_step


# ---------------------------------------------------------------- callables


class Runtime:
    """What built-in functions may ask of the interpreter (implemented by
    `vm.VM`): calling a guest callable, and the program's arguments."""

    def call(self, w_callable: W_Object, args: list[W_Object]) -> W_Object:
        raise NotImplementedError

    def argv(self) -> list[str]:
        raise NotImplementedError


class W_Function(W_Object):
    """A guest function: code, globals, default values and closure cells."""

    def __init__(self, name: str, code, w_globals, defaults: list[W_Object], closure: list[W_Cell]):
        self.name = name
        self.code = code
        self.w_globals = w_globals
        self.defaults = defaults
        self.closure = closure
        self.kwdefaults: dict[str, W_Object] = {}
        self.w_owner = None  # the class whose body defined it (for super())


class W_BuiltinFunction(W_Object):
    """A function implemented in the host: fn(rt, args, kwargs) where kwargs
    is None or a dict[str, W_Object]."""

    def __init__(self, name: str, fn, min_args: int, max_args: int):
        self.name = name
        self.fn = fn
        self.min_args = min_args
        self.max_args = max_args  # -1: any number


class W_Method(W_Object):
    """A bound method: a function and the instance it was looked up on."""

    def __init__(self, w_func: W_Object, w_self: W_Object):
        self.w_func = w_func
        self.w_self = w_self


class W_StaticMethod(W_Object):
    """The result of `@staticmethod`."""

    def __init__(self, w_func: W_Object):
        self.w_func = w_func


class W_ClassMethod(W_Object):
    """The result of `@classmethod`."""

    def __init__(self, w_func: W_Object):
        self.w_func = w_func


class W_Property(W_Object):
    """The result of `@property` (a getter, optionally a setter)."""

    def __init__(self, w_getter: W_Object):
        self.w_getter = w_getter
        self.w_setter = None


class W_Super(W_Object):
    """`super()` inside a method: look up after `w_start` in the MRO."""

    def __init__(self, w_start: "W_Class", w_self: W_Object):
        self.w_start = w_start
        self.w_self = w_self


# ---------------------------------------------------------------- classes and instances


class Version:
    """Identity token of a class's attribute table; replaced on every change,
    so that (class, version) -> attribute can be folded by the JIT."""


class Map:
    """Layout of instances (a "hidden class"): which attribute is stored at
    which index.  Maps form a tree: adding attribute `a` to an instance with
    map `m` moves it to `m.transitions[a]`."""

    def __init__(self, names: list[str]):
        self.names = names
        self.indexes: dict[str, int] = {}
        for i in range(len(names)):
            self.indexes[names[i]] = i
        self.transitions: dict[str, Map] = {}


@elidable
def map_index(m: Map, name: str) -> int:
    """Storage index of attribute `name` in map `m`, or -1."""
    return m.indexes.get(name, -1)


@elidable
def map_with(m: Map, name: str) -> Map:
    """The map after adding attribute `name` to map `m`."""
    nxt = m.transitions.get(name, None)
    if nxt is None:
        names = list(m.names)
        names.append(name)
        nxt = Map(names)
        m.transitions[name] = nxt
    return nxt


ROOT_MAP = Map([])

# Kinds of classes: what calling the class does.
K_USER = 0
K_OBJECT = 1
K_INT = 2
K_FLOAT = 3
K_STR = 4
K_BOOL = 5
K_LIST = 6
K_TUPLE = 7
K_DICT = 8
K_SET = 9
K_RANGE = 10
K_TYPE = 11
K_EXCEPTION = 12
K_OTHER = 13  # not callable (function, NoneType, module...)


class W_Class(W_Object):
    """A guest class (user-defined or built-in type).  Single inheritance:
    `mro` is the class followed by its bases."""

    def __init__(self, name: str, w_base, kind: int):
        self.name = name
        self.w_base = w_base
        self.kind = kind
        self.dict: dict[str, W_Object] = {}
        self.version = Version()
        self.lookup_cache: dict[str, W_Object] = {}  # name -> value or w_NULL
        self.subclasses: list[W_Class] = []
        self.mro: list[W_Class] = [self]
        self.is_exception = False
        self.module = "builtins"
        self.uid = ID_COUNTER.next_id()
        if w_base is not None:
            for w in w_base.mro:
                self.mro.append(w)
            w_base.subclasses.append(self)
            self.is_exception = w_base.is_exception

    def key_hash(self) -> int:
        return self.uid

    def changed(self) -> None:
        """Invalidate cached lookups on this class and its subclasses."""
        self.version = Version()
        self.lookup_cache = {}
        for w_sub in self.subclasses:
            w_sub.changed()


@elidable
def class_lookup(w_class: W_Class, name: str, version: Version):
    """Find `name` along the MRO of `w_class` (None if absent).  `version`
    is `w_class.version`, passed so that the JIT may fold the call; the
    result is cached in the class until it changes."""
    w_value = w_class.lookup_cache.get(name, None)
    if w_value is None:
        w_value = w_NULL
        for w in w_class.mro:
            w_found = w.dict.get(name, None)
            if w_found is not None:
                w_value = w_found
                break
        w_class.lookup_cache[name] = w_value
    if w_value is w_NULL:
        return None
    return w_value


class IdCounter:
    """Source of identity hashes for instances and classes."""

    def __init__(self):
        self.last = 0

    def next_id(self) -> int:
        self.last += 1
        return self.last


ID_COUNTER = IdCounter()


class W_Instance(W_Object):
    """An instance of a user class."""

    def __init__(self, w_class: W_Class):
        self.w_class = w_class
        self.map = ROOT_MAP
        self.storage: list[W_Object] = []
        self.uid = ID_COUNTER.next_id()

    def key_hash(self) -> int:
        return self.uid


class W_ExcInstance(W_Instance):
    """An instance of an exception class; `line` is where it was last
    raised (for re-raising and for the error report)."""

    def __init__(self, w_class: W_Class):
        W_Instance.__init__(self, w_class)
        self.line = 0


def instance_get(w_inst: W_Instance, name: str):
    """Attribute `name` stored on the instance itself, or None."""
    index = map_index(promote(w_inst.map), name)
    if index < 0:
        return None
    return w_inst.storage[index]


def instance_set(w_inst: W_Instance, name: str, w_value: W_Object) -> None:
    """Store attribute `name` on the instance (adding it if new)."""
    m = promote(w_inst.map)
    index = map_index(m, name)
    if index >= 0:
        w_inst.storage[index] = w_value
        return
    w_inst.map = map_with(m, name)
    w_inst.storage.append(w_value)


class W_Module(W_Object):
    """A built-in module (`math`, `sys`): a name and its attributes."""

    def __init__(self, name: str):
        self.name = name
        self.dict: dict[str, W_Object] = {}


class ModuleDict:
    """The globals of the guest program: one `W_Cell` per name, created on
    first use and never removed, so name -> cell is constant."""

    def __init__(self):
        self.cells: dict[str, W_Cell] = {}


@elidable
def global_cell(md: ModuleDict, name: str) -> W_Cell:
    """The cell of global `name` (created unbound on first use)."""
    cell = md.cells.get(name, None)
    if cell is None:
        cell = W_Cell(None)
        md.cells[name] = cell
    return cell


class W_HostObject(W_Object):
    """Base of guest values defined outside this module (streams,
    NotImplemented...): they carry their guest type."""

    def __init__(self, w_type: W_Class):
        self.w_type = w_type


# ---------------------------------------------------------------- iterators


class W_Iterator(W_Object):
    """Base class of the built-in iterators (see operations.iter_next)."""


class W_SeqIter(W_Iterator):
    """Iterator over a list, tuple or str by index."""

    def __init__(self, w_seq: W_Object):
        self.w_seq = w_seq
        self.index = 0


class W_RangeIter(W_Iterator):
    """Iterator over a range."""

    def __init__(self, current: int, remaining: int, step: int):
        self.current = current
        self.remaining = remaining
        self.step = step


class W_ListIter(W_Iterator):
    """Iterator over a snapshot of items (dict keys, set items...)."""

    def __init__(self, items: list[W_Object]):
        self.items = items
        self.index = 0


class W_EnumerateIter(W_Iterator):
    """`enumerate(iterable, start)`."""

    def __init__(self, w_it: W_Object, start: int):
        self.w_it = w_it
        self.count = start


class W_ZipIter(W_Iterator):
    """`zip(a, b, ...)`."""

    def __init__(self, iterators: list[W_Object]):
        self.iterators = iterators


class W_MapIter(W_Iterator):
    """`map(f, iterable)` and `filter(f, iterable)`."""

    def __init__(self, w_func: W_Object, w_it: W_Object, is_filter: bool):
        self.w_func = w_func
        self.w_it = w_it
        self.is_filter = is_filter


class W_ReversedIter(W_Iterator):
    """`reversed(seq)` over a list, tuple, str or range (by index)."""

    def __init__(self, w_seq: W_Object, index: int):
        self.w_seq = w_seq
        self.index = index


# ---------------------------------------------------------------- singletons and types

class W_Null(W_Object):
    """Marker for an empty value-stack slot (never seen by guest code)."""


w_None = W_NoneObject()
w_NULL = W_Null()
w_True = W_Bool(1)
w_False = W_Bool(0)


def wrap_bool(b: bool) -> W_Object:
    """`True`/`False` as the guest singletons."""
    if b:
        return w_True
    return w_False


def new_builtin_type(name: str, w_base, kind: int) -> W_Class:
    """A built-in type object."""
    return W_Class(name, w_base, kind)


w_object_type = new_builtin_type("object", None, K_OBJECT)
w_type_type = new_builtin_type("type", w_object_type, K_TYPE)
w_int_type = new_builtin_type("int", w_object_type, K_INT)
w_bool_type = new_builtin_type("bool", w_int_type, K_BOOL)
w_float_type = new_builtin_type("float", w_object_type, K_FLOAT)
w_str_type = new_builtin_type("str", w_object_type, K_STR)
w_list_type = new_builtin_type("list", w_object_type, K_LIST)
w_tuple_type = new_builtin_type("tuple", w_object_type, K_TUPLE)
w_dict_type = new_builtin_type("dict", w_object_type, K_DICT)
w_set_type = new_builtin_type("set", w_object_type, K_SET)
w_range_type = new_builtin_type("range", w_object_type, K_RANGE)
w_none_type = new_builtin_type("NoneType", w_object_type, K_OTHER)
w_function_type = new_builtin_type("function", w_object_type, K_OTHER)
w_builtin_function_type = new_builtin_type("builtin_function_or_method", w_object_type, K_OTHER)
w_method_type = new_builtin_type("method", w_object_type, K_OTHER)
w_module_type = new_builtin_type("module", w_object_type, K_OTHER)
w_cell_type = new_builtin_type("cell", w_object_type, K_OTHER)
w_slice_type = new_builtin_type("slice", w_object_type, K_OTHER)
w_iterator_type = new_builtin_type("iterator", w_object_type, K_OTHER)
w_staticmethod_type = new_builtin_type("staticmethod", w_object_type, K_OTHER)
w_classmethod_type = new_builtin_type("classmethod", w_object_type, K_OTHER)
w_property_type = new_builtin_type("property", w_object_type, K_OTHER)
w_super_type = new_builtin_type("super", w_object_type, K_OTHER)


def type_of(w: W_Object) -> W_Class:
    """The guest class of a value (`type(w)`)."""
    if isinstance(w, W_Instance):
        return w.w_class
    if isinstance(w, W_Bool):
        return w_bool_type
    if isinstance(w, W_Int):
        return w_int_type
    if isinstance(w, W_Str):
        return w_str_type
    if isinstance(w, W_Float):
        return w_float_type
    if isinstance(w, W_List):
        return w_list_type
    if isinstance(w, W_Tuple):
        return w_tuple_type
    if isinstance(w, W_Dict):
        return w_dict_type
    if isinstance(w, W_NoneObject):
        return w_none_type
    if isinstance(w, W_Class):
        return w_type_type
    if isinstance(w, W_Function):
        return w_function_type
    if isinstance(w, W_BuiltinFunction):
        return w_builtin_function_type
    if isinstance(w, W_Method):
        return w_method_type
    if isinstance(w, W_Set):
        return w_set_type
    if isinstance(w, W_Range):
        return w_range_type
    if isinstance(w, W_Module):
        return w_module_type
    if isinstance(w, W_Slice):
        return w_slice_type
    if isinstance(w, W_StaticMethod):
        return w_staticmethod_type
    if isinstance(w, W_ClassMethod):
        return w_classmethod_type
    if isinstance(w, W_Property):
        return w_property_type
    if isinstance(w, W_Super):
        return w_super_type
    if isinstance(w, W_Cell):
        return w_cell_type
    if isinstance(w, W_HostObject):
        return w.w_type
    return w_iterator_type


def type_name(w: W_Object) -> str:
    """The name of a value's type, as in error messages."""
    return type_of(w).name


# ---------------------------------------------------------------- exception classes


def new_exception_type(name: str, w_base: W_Class) -> W_Class:
    w = W_Class(name, w_base, K_EXCEPTION)
    w.is_exception = True
    return w


w_BaseException = new_exception_type("BaseException", w_object_type)
w_SystemExit = new_exception_type("SystemExit", w_BaseException)
w_KeyboardInterrupt = new_exception_type("KeyboardInterrupt", w_BaseException)
w_Exception = new_exception_type("Exception", w_BaseException)
w_StopIteration = new_exception_type("StopIteration", w_Exception)
w_ArithmeticError = new_exception_type("ArithmeticError", w_Exception)
w_ZeroDivisionError = new_exception_type("ZeroDivisionError", w_ArithmeticError)
w_OverflowError = new_exception_type("OverflowError", w_ArithmeticError)
w_AssertionError = new_exception_type("AssertionError", w_Exception)
w_AttributeError = new_exception_type("AttributeError", w_Exception)
w_ImportError = new_exception_type("ImportError", w_Exception)
w_LookupError = new_exception_type("LookupError", w_Exception)
w_IndexError = new_exception_type("IndexError", w_LookupError)
w_KeyError = new_exception_type("KeyError", w_LookupError)
w_NameError = new_exception_type("NameError", w_Exception)
w_UnboundLocalError = new_exception_type("UnboundLocalError", w_NameError)
w_RuntimeError = new_exception_type("RuntimeError", w_Exception)
w_NotImplementedError = new_exception_type("NotImplementedError", w_RuntimeError)
w_RecursionError = new_exception_type("RecursionError", w_RuntimeError)
w_TypeError = new_exception_type("TypeError", w_Exception)
w_ValueError = new_exception_type("ValueError", w_Exception)
w_MemoryError = new_exception_type("MemoryError", w_Exception)
w_ModuleNotFoundError = new_exception_type("ModuleNotFoundError", w_ImportError)
w_SyntaxError = new_exception_type("SyntaxError", w_Exception)

EXCEPTION_TYPES = [
    w_BaseException, w_SystemExit, w_KeyboardInterrupt, w_Exception, w_StopIteration,
    w_ArithmeticError, w_ZeroDivisionError, w_OverflowError, w_AssertionError,
    w_AttributeError, w_ImportError, w_LookupError, w_IndexError, w_KeyError, w_NameError,
    w_UnboundLocalError, w_RuntimeError, w_NotImplementedError, w_RecursionError,
    w_TypeError, w_ValueError, w_MemoryError, w_SyntaxError, w_ModuleNotFoundError,
]

BUILTIN_TYPES = [
    w_object_type, w_type_type, w_int_type, w_bool_type, w_float_type, w_str_type,
    w_list_type, w_tuple_type, w_dict_type, w_set_type, w_range_type,
]


def is_subclass(w_sub: W_Class, w_cls: W_Class) -> bool:
    """`issubclass(w_sub, w_cls)`."""
    for w in w_sub.mro:
        if w is w_cls:
            return True
    return False
