"""Attribute access on guest objects: instances (with maps), classes (with
versioned lookups the JIT can fold), modules, `super()`, and the methods of
built-in types (found in their type's dict)."""

from kiln.jit import promote
from objects import (
    W_Object, W_Str, W_Class, W_Instance, W_Module, W_Function, W_BuiltinFunction, W_Method,
    W_StaticMethod, W_ClassMethod, W_Property, W_Super, Runtime, ROOT_MAP, w_None, class_lookup,
    instance_get, instance_set, map_with, map_index, type_of, type_name, is_subclass,
    w_AttributeError,
)
from errors import OperationError, attribute_error


def lookup_class(w_class: W_Class, name: str):
    """`name` along the MRO of a class, or None (folded by the JIT when the
    class and its version are constants)."""
    w_class = promote(w_class)
    version = promote(w_class.version)
    return class_lookup(w_class, name, version)


def lookup_user_special(w_obj: W_Object, name: str):
    """A special method defined in guest code (a W_Function) on the class of
    an instance, or None (built-in defaults return None too)."""
    if isinstance(w_obj, W_Instance):
        w_meth = lookup_class(w_obj.w_class, name)
        if isinstance(w_meth, W_Function):
            return w_meth
    return None


def bind(rt: Runtime, w_attr: W_Object, w_obj: W_Object, w_class: W_Class) -> W_Object:
    """What reading a class attribute through an instance gives."""
    if isinstance(w_attr, W_Function) or isinstance(w_attr, W_BuiltinFunction):
        return W_Method(w_attr, w_obj)
    if isinstance(w_attr, W_StaticMethod):
        return w_attr.w_func
    if isinstance(w_attr, W_ClassMethod):
        return W_Method(w_attr.w_func, w_class)
    if isinstance(w_attr, W_Property):
        return rt.call(w_attr.w_getter, [w_obj])
    return w_attr


def no_attribute(w_obj: W_Object, name: str):
    if isinstance(w_obj, W_Class):
        return attribute_error("type object '" + w_obj.name + "' has no attribute '" + name + "'")
    if isinstance(w_obj, W_Module):
        return attribute_error("module '" + w_obj.name + "' has no attribute '" + name + "'")
    return attribute_error("'" + type_name(w_obj) + "' object has no attribute '" + name + "'")


def getattr_w(rt: Runtime, w_obj: W_Object, name: str) -> W_Object:
    """`w_obj.name`."""
    if isinstance(w_obj, W_Instance):
        w_value = instance_get(w_obj, name)
        if w_value is not None:
            return w_value
        w_class = w_obj.w_class
        w_attr = lookup_class(w_class, name)
        if w_attr is not None:
            return bind(rt, w_attr, w_obj, w_class)
        if name == "__class__":
            return w_class
        w_getattr = lookup_class(w_class, "__getattr__")
        if w_getattr is not None:
            return rt.call(w_getattr, [w_obj, W_Str(name)])
        raise no_attribute(w_obj, name)
    if isinstance(w_obj, W_Class):
        w_attr = lookup_class(w_obj, name)
        if w_attr is not None:
            if isinstance(w_attr, W_StaticMethod):
                return w_attr.w_func
            if isinstance(w_attr, W_ClassMethod):
                return W_Method(w_attr.w_func, w_obj)
            return w_attr
        if name == "__name__":
            return W_Str(w_obj.name)
        if name == "__class__":
            return type_of(w_obj)
        raise no_attribute(w_obj, name)
    if isinstance(w_obj, W_Module):
        w_value = w_obj.dict.get(name, None)
        if w_value is None:
            raise no_attribute(w_obj, name)
        return w_value
    if isinstance(w_obj, W_Super):
        w_attr = super_lookup(w_obj, name)
        if w_attr is None:
            raise attribute_error("'super' object has no attribute '" + name + "'")
        return bind(rt, w_attr, w_obj.w_self, type_of(w_obj.w_self))
    if isinstance(w_obj, W_Function):
        if name == "__name__":
            return W_Str(w_obj.name)
        if name == "__doc__":
            doc = w_obj.code.doc
            if doc is None:
                return w_None
            return doc
    if isinstance(w_obj, W_BuiltinFunction):
        if name == "__name__":
            return W_Str(w_obj.name)
    w_type = type_of(w_obj)
    w_attr = lookup_class(w_type, name)
    if w_attr is not None:
        return bind(rt, w_attr, w_obj, w_type)
    if name == "__class__":
        return w_type
    raise no_attribute(w_obj, name)


def super_lookup(w_super: W_Super, name: str):
    """Look `name` up in the MRO of the instance's class, after the class
    that defined the running method."""
    w_self = w_super.w_self
    mro = type_of(w_self).mro
    if isinstance(w_self, W_Class):
        mro = w_self.mro
    found = False
    for w_class in mro:
        if found:
            w_attr = w_class.dict.get(name, None)
            if w_attr is not None:
                return w_attr
        elif w_class is w_super.w_start:
            found = True
    return None


def method_for_call(w_obj: W_Object, name: str):
    """For LOAD_METHOD: the function to call with `w_obj` prepended when
    `w_obj.name` is a plain method (no bound-method object needed), else
    None."""
    if isinstance(w_obj, W_Instance):
        if map_index(promote(w_obj.map), name) >= 0:
            return None
        w_attr = lookup_class(w_obj.w_class, name)
        if isinstance(w_attr, W_Function):
            return w_attr
        return None
    if isinstance(w_obj, W_Class) or isinstance(w_obj, W_Module) or isinstance(w_obj, W_Super):
        return None
    w_attr = lookup_class(type_of(w_obj), name)
    if isinstance(w_attr, W_BuiltinFunction):
        return w_attr
    return None


def setattr_w(rt: Runtime, w_obj: W_Object, name: str, w_value: W_Object) -> None:
    """`w_obj.name = w_value`."""
    if isinstance(w_obj, W_Instance):
        w_attr = lookup_class(w_obj.w_class, name)
        if isinstance(w_attr, W_Property):
            w_setter = w_attr.w_setter
            if w_setter is None:
                raise attribute_error("property '" + name + "' of '" + w_obj.w_class.name + "' object has no setter")
            rt.call(w_setter, [w_obj, w_value])
            return
        instance_set(w_obj, name, w_value)
        return
    if isinstance(w_obj, W_Class):
        if w_obj.module == "builtins":
            raise attribute_error("cannot set '" + name + "' attribute of immutable type '" + w_obj.name + "'")
        w_obj.dict[name] = w_value
        w_obj.changed()
        return
    if isinstance(w_obj, W_Module):
        w_obj.dict[name] = w_value
        return
    raise no_attribute(w_obj, name)


def delattr_w(w_obj: W_Object, name: str) -> None:
    """`del w_obj.name`."""
    if isinstance(w_obj, W_Instance):
        m = w_obj.map
        index = map_index(m, name)
        if index < 0:
            raise no_attribute(w_obj, name)
        new_map = ROOT_MAP
        storage = []
        for i in range(len(m.names)):
            if i != index:
                new_map = map_with(new_map, m.names[i])
                storage.append(w_obj.storage[i])
        w_obj.map = new_map
        w_obj.storage = storage
        return
    if isinstance(w_obj, W_Class):
        if name not in w_obj.dict:
            raise no_attribute(w_obj, name)
        del w_obj.dict[name]
        w_obj.changed()
        return
    raise no_attribute(w_obj, name)


def hasattr_w(rt: Runtime, w_obj: W_Object, name: str) -> bool:
    """`hasattr(w_obj, name)`: whether getattr raises AttributeError."""
    try:
        getattr_w(rt, w_obj, name)
    except OperationError as e:
        w_exc = e.w_exc
        if isinstance(w_exc, W_Instance) and is_subclass(w_exc.w_class, w_AttributeError):
            return False
        raise
    return True
