"""Making classes and metaclasses, and installing compiled methods.

Every class ``C`` has a metaclass ``C class`` (its class) holding the
class-side methods; the metaclass of ``Object`` inherits from ``Class``, so
class-side lookup ends in ``Class``/``Behavior``/``Object``.
"""

from objects import W_Class, Cell, NIL, KIND_OBJECT, CLASSES


class DefinitionError(Exception):
    """A class definition that cannot be carried out (unknown superclass,
    a class that cannot be subclassed...)."""

    def __init__(self, message: str):
        Exception.__init__(self, message)
        self.message = message


def make_class(globals: dict[str, Cell], name: str, superclass, kind: int) -> W_Class:
    """A new class with its metaclass, bound to the global ``name``."""
    if superclass is not None:
        meta_super = superclass.w_class
    else:
        meta_super = CLASSES.w_Class
    meta = W_Class(name + " class", meta_super, kind, True)
    w_class = W_Class(name, superclass, kind, False)
    w_class.w_class = meta
    meta.instance_class = w_class
    w_class.fields = [NIL] * len(meta.instvar_names)
    set_global(globals, name, w_class)
    return w_class


def set_global(globals: dict[str, Cell], name: str, value) -> None:
    """Bind a global variable (creating its cell if needed)."""
    if name in globals:
        globals[name].value = value
    else:
        globals[name] = Cell(name, value)


def define_subclass(globals: dict[str, Cell], superclass: W_Class, name: str,
                    instvars: list[str]) -> W_Class:
    """``superclass subclass: name`` with instance variables: a new class
    (a class of the same name defined before is replaced)."""
    if superclass.kind != KIND_OBJECT or superclass.is_meta:
        raise DefinitionError(superclass.name + " cannot be subclassed")
    if len(name) == 0 or not name[0].isupper():
        raise DefinitionError("class names must start with an uppercase letter: " + name)
    w_class = make_class(globals, name, superclass, KIND_OBJECT)
    for v in instvars:
        add_instvar(w_class, v)
    return w_class


def add_instvar(w_class: W_Class, name: str) -> None:
    """Add an instance variable to a class (and to the classes made from
    it afterwards). For a metaclass this is a class-side instance variable
    and the class gets a field for it."""
    if w_class.kind != KIND_OBJECT and not w_class.is_meta:
        raise DefinitionError("cannot add instance variables to " + w_class.name)
    if name in w_class.instvar_names:
        raise DefinitionError("instance variable " + name + " is already defined in " + w_class.name)
    if len(w_class.subclasses) > 0:
        raise DefinitionError("cannot add instance variable " + name + " to " + w_class.name
                              + ", which has subclasses")
    w_class.instvar_names.append(name)
    if w_class.is_meta:
        owner = w_class.instance_class
        if owner is not None:
            owner.fields.append(NIL)


def add_classvar(w_class: W_Class, name: str) -> Cell:
    """Declare a class variable (shared by the class, its subclasses and
    their metaclasses); returns its cell."""
    if name in w_class.classvars:
        return w_class.classvars[name]
    cell = Cell(name, NIL)
    w_class.classvars[name] = cell
    return cell
