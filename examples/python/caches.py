"""Inline caches of the interpreter, for when it runs without the JIT.

Each `Code` has one cache entry per instruction (created on first use):
- LOAD_ATTR / STORE_ATTR on an instance: the instance map seen last and the
  attribute's storage index in it (STORE_ATTR also the class version, so a
  property added later is still honoured);
- LOAD_METHOD on an instance: the map and class version seen last, and the
  method found;
- LOAD_GLOBAL: the cells of the name in the globals and the built-ins
  (cells never change for a name, so this needs no guard).

Under the JIT (`we_are_jitted()`), the same lookups go through the
@elidable functions of objects.py with promoted maps and classes instead:
they fold to constants in a trace, and the caches' loads would not.
"""

from kiln.jit import we_are_jitted, promote, elidable
from objects import (
    W_Object, W_Instance, W_Function, W_Property, W_Cell, Map, Version, ModuleDict, Runtime,
    global_cell, map_index,
)
from bytecode import Code, get_name
from attributes import getattr_w, setattr_w, lookup_class, method_for_call
from pybuiltins import BUILTINS


class CodeCaches:
    """The inline caches of one code object (see the module doc)."""

    def __init__(self, n_ops: int, n_names: int):
        self.maps: list[Map] = []
        self.versions: list[Version] = []
        self.indexes: list[int] = []
        self.methods: list[W_Object] = []
        for i in range(n_ops):
            self.maps.append(None)
            self.versions.append(None)
            self.indexes.append(-1)
            self.methods.append(None)
        self.global_cells: list[W_Cell] = []
        self.builtin_cells: list[W_Cell] = []
        for i in range(n_names):
            self.global_cells.append(None)
            self.builtin_cells.append(None)
        self.module = None


def caches_of(code: Code) -> CodeCaches:
    caches = code.caches
    if caches is None:
        caches = CodeCaches(len(code.ops), len(code.names))
        code.caches = caches
    return caches


def load_attr(rt: Runtime, code: Code, pc: int, w_obj: W_Object, name_index: int) -> W_Object:
    """LOAD_ATTR of name `code.names[name_index]`."""
    if not we_are_jitted() and isinstance(w_obj, W_Instance):
        caches = caches_of(code)
        m = w_obj.map
        if m is caches.maps[pc]:
            return w_obj.storage[caches.indexes[pc]]
        index = map_index(m, get_name(code, name_index))
        if index >= 0:
            caches.maps[pc] = m
            caches.indexes[pc] = index
            return w_obj.storage[index]
    return getattr_w(rt, w_obj, get_name(code, name_index))


def store_attr(rt: Runtime, code: Code, pc: int, w_obj: W_Object, name_index: int, w_value: W_Object) -> None:
    """STORE_ATTR of name `code.names[name_index]`."""
    if not we_are_jitted() and isinstance(w_obj, W_Instance):
        caches = caches_of(code)
        m = w_obj.map
        version = w_obj.w_class.version
        if m is caches.maps[pc] and version is caches.versions[pc]:
            w_obj.storage[caches.indexes[pc]] = w_value
            return
        name = get_name(code, name_index)
        setattr_w(rt, w_obj, name, w_value)
        index = map_index(w_obj.map, name)
        if index >= 0 and w_obj.map is m and not isinstance(lookup_class(w_obj.w_class, name), W_Property):
            caches.maps[pc] = m
            caches.versions[pc] = version
            caches.indexes[pc] = index
        return
    setattr_w(rt, w_obj, get_name(code, name_index), w_value)


def load_method(code: Code, pc: int, w_obj: W_Object, name_index: int):
    """LOAD_METHOD's fast case: the plain function to call with `w_obj`
    prepended, or None (then the attribute is read normally)."""
    if not we_are_jitted() and isinstance(w_obj, W_Instance):
        caches = caches_of(code)
        m = w_obj.map
        version = w_obj.w_class.version
        if m is caches.maps[pc] and version is caches.versions[pc]:
            return caches.methods[pc]
        w_func = method_for_call(w_obj, get_name(code, name_index))
        if isinstance(w_func, W_Function):
            caches.maps[pc] = m
            caches.versions[pc] = version
            caches.methods[pc] = w_func
        return w_func
    return method_for_call(w_obj, get_name(code, name_index))


@elidable
def global_cells(code: Code, md: ModuleDict, index: int) -> W_Cell:
    """The cell of global `code.names[index]` in `md` (cached per code)."""
    caches = caches_of(code)
    if caches.module is not md:
        if caches.module is not None:
            return global_cell(md, code.names[index])
        caches.module = md
    cell = caches.global_cells[index]
    if cell is None:
        cell = global_cell(md, code.names[index])
        caches.global_cells[index] = cell
    return cell


@elidable
def builtin_cell(code: Code, index: int) -> W_Cell:
    """The cell of built-in `code.names[index]` (cached per code)."""
    caches = caches_of(code)
    cell = caches.builtin_cells[index]
    if cell is None:
        cell = global_cell(BUILTINS, code.names[index])
        caches.builtin_cells[index] = cell
    return cell


def load_global(code: Code, md: ModuleDict, index: int):
    """LOAD_GLOBAL: the value of a global or built-in name, or None."""
    w_value = global_cells(code, promote(md), index).w_value
    if w_value is None:
        w_value = builtin_cell(code, index).w_value
    return w_value
