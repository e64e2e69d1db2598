"""Bootstrap and loading: the built-in classes, the kernel library, and
running a source file's items in order.

The classes the interpreter itself depends on (Object, the metaclass
machinery, UndefinedObject, the booleans, SmallInteger, Character, String,
Symbol, Array, BlockClosure, Context, and their abstract superclasses) are
made here; everything else, and all methods, come from the kernel source
in Smalltalk (``kernel.py``, ``kernel_collections.py``).
"""

from classes import (make_class, define_subclass, add_instvar, add_classvar, set_global,
                     DefinitionError)
from compiler import compile_method, compile_doit
from interpreter import VM, run_code
from kernel import KERNEL_CORE
from kernel_collections import KERNEL_COLLECTIONS
from lexer import SmalltalkSyntaxError
from nodes import ClassDefNode, StatementNode
from objects import (W_Class, Cell, Frame, NIL, TRUE, FALSE, CLASSES, KIND_OBJECT, KIND_ARRAY,
                     KIND_STRING, KIND_SPECIAL)
from parsing import parse_source


class LoadError(Exception):
    """A class definition that failed while loading a file."""

    def __init__(self, message: str, source_name: str, line: int):
        Exception.__init__(self, message)
        self.message = message
        self.source_name = source_name
        self.line = line


def bootstrap(globals: dict[str, Cell]) -> None:
    """Make the built-in classes and bind them as globals."""
    w_object = make_class(globals, "Object", None, KIND_OBJECT)
    w_behavior = make_class(globals, "Behavior", w_object, KIND_SPECIAL)
    w_class = make_class(globals, "Class", w_behavior, KIND_SPECIAL)
    w_metaclass = make_class(globals, "Metaclass", w_behavior, KIND_SPECIAL)
    # "Object class" was made before Class existed: it inherits from Class.
    w_object_meta = w_object.w_class
    w_object_meta.superclass = w_class
    w_class.subclasses.append(w_object_meta)
    CLASSES.w_Object = w_object
    CLASSES.w_Behavior = w_behavior
    CLASSES.w_Class = w_class
    CLASSES.w_Metaclass = w_metaclass

    CLASSES.w_UndefinedObject = make_class(globals, "UndefinedObject", w_object, KIND_SPECIAL)
    w_boolean = make_class(globals, "Boolean", w_object, KIND_SPECIAL)
    CLASSES.w_Boolean = w_boolean
    CLASSES.w_True = make_class(globals, "True", w_boolean, KIND_SPECIAL)
    CLASSES.w_False = make_class(globals, "False", w_boolean, KIND_SPECIAL)
    NIL.w_class = CLASSES.w_UndefinedObject
    TRUE.w_class = CLASSES.w_True
    FALSE.w_class = CLASSES.w_False

    w_magnitude = make_class(globals, "Magnitude", w_object, KIND_OBJECT)
    CLASSES.w_Magnitude = w_magnitude
    CLASSES.w_Character = make_class(globals, "Character", w_magnitude, KIND_SPECIAL)
    w_number = make_class(globals, "Number", w_magnitude, KIND_OBJECT)
    CLASSES.w_Number = w_number
    w_integer = make_class(globals, "Integer", w_number, KIND_OBJECT)
    CLASSES.w_Integer = w_integer
    CLASSES.w_SmallInteger = make_class(globals, "SmallInteger", w_integer, KIND_SPECIAL)

    w_collection = make_class(globals, "Collection", w_object, KIND_OBJECT)
    CLASSES.w_Collection = w_collection
    w_seq = make_class(globals, "SequenceableCollection", w_collection, KIND_OBJECT)
    CLASSES.w_SequenceableCollection = w_seq
    w_arrayed = make_class(globals, "ArrayedCollection", w_seq, KIND_OBJECT)
    CLASSES.w_ArrayedCollection = w_arrayed
    CLASSES.w_Array = make_class(globals, "Array", w_arrayed, KIND_ARRAY)
    w_string = make_class(globals, "String", w_arrayed, KIND_STRING)
    CLASSES.w_String = w_string
    CLASSES.w_Symbol = make_class(globals, "Symbol", w_string, KIND_SPECIAL)

    CLASSES.w_BlockClosure = make_class(globals, "BlockClosure", w_object, KIND_SPECIAL)
    CLASSES.w_Context = make_class(globals, "Context", w_object, KIND_SPECIAL)


class Loader:
    """Runs the items of source files: class definitions and statements."""

    def __init__(self, vm: VM):
        self.vm = vm
        self.globals = vm.globals

    def load_kernel(self) -> None:
        """The kernel library (a failure here is a bug of the kernel)."""
        self.load(KERNEL_CORE, "kernel", True)
        self.load(KERNEL_COLLECTIONS, "kernel", True)
        message = self.globals["Message"].value
        if isinstance(message, W_Class):
            self.vm.w_message_class = message

    def load(self, source: str, source_name: str, kernel: bool) -> None:
        """Parse a whole file (so syntax errors stop it before it runs),
        then run its items in order."""
        items = parse_source(source)
        for item in items:
            if isinstance(item, ClassDefNode):
                try:
                    self.define(item, source_name, kernel)
                except DefinitionError as e:
                    raise LoadError(e.message, source_name, item.line)
                except SmalltalkSyntaxError as e:
                    raise LoadError(e.message, source_name, e.line)
            elif isinstance(item, StatementNode):
                self.run_statement(item, source_name)

    def class_named(self, name: str, what: str) -> W_Class:
        """The class bound to global ``name``."""
        if name in self.globals:
            value = self.globals[name].value
            if isinstance(value, W_Class) and not value.is_meta:
                return value
        raise DefinitionError(what + " " + name + " is not defined")

    def define(self, item: ClassDefNode, source_name: str, kernel: bool) -> None:
        """Create or extend a class, install its methods, then run its
        class-variable initializers."""
        if item.is_extend:
            w_class = self.class_named(item.name, "class")
            for v in item.instvars:
                add_instvar(w_class, v)
        else:
            superclass = self.class_named(item.superclass_name, "superclass")
            w_class = define_subclass(self.globals, superclass, item.name, item.instvars)
            w_class.comment = item.comment
        w_meta = w_class.w_class
        for v in item.class_instvars:
            add_instvar(w_meta, v)
        for cv in item.classvars:
            add_classvar(w_class, cv.name)
        for m in item.methods:
            code = compile_method(m, w_class, self.globals, source_name, kernel)
            w_class.install_method(m.selector, code)
        for m in item.class_methods:
            code = compile_method(m, w_meta, self.globals, source_name, kernel)
            w_meta.install_method(m.selector, code)
        for cv in item.classvars:
            code = compile_doit(cv.value, w_meta, self.globals, source_name,
                                w_class.name + " class>>" + cv.name)
            value = run_code(self.vm, code, w_class)
            cell = w_class.find_classvar(cv.name)
            if cell is not None:
                cell.value = value

    def run_statement(self, item: StatementNode, source_name: str) -> None:
        """Declare workspace variables, or run one top-level statement."""
        for name in item.declared:
            if name not in self.globals or self.globals[name].value is None:
                set_global(self.globals, name, NIL)
        statement = item.statement
        if statement is None:
            return
        code = compile_doit(statement, CLASSES.w_UndefinedObject, self.globals, source_name,
                            "UndefinedObject>>executeStatements")
        run_code(self.vm, code, NIL)
