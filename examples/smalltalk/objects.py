"""Guest objects: the Smalltalk values the interpreter manipulates.

Every Smalltalk value is an instance of a subclass of ``W_Object`` (the
``W_`` prefix is PyPy's convention for "wrapped" guest objects):

- ``W_Instance``     an object of a user or kernel class, with named fields
                     (also ``nil``, ``true`` and ``false``),
- ``W_SmallInteger`` a 64-bit integer,
- ``W_Character``    a character (by code point),
- ``W_String``       a string (mutable: ``at:put:`` replaces its text),
- ``W_Symbol``       an interned, immutable string (``#foo``),
- ``W_Array``        a fixed-size array of objects,
- ``W_Block``        a block closure (code plus its defining frame),
- ``W_Class``        a class or a metaclass,
- ``Frame``          an activation (method or block context).

The classes of the host-specific objects (SmallInteger, String, ...) are
kept in the module-level ``CLASSES`` table, filled in once by the bootstrap
(``universe.py``).
"""

# Instance shapes: what ``new``/``new:`` create for a class.
KIND_OBJECT = 0      # named instance variables only (``W_Instance``)
KIND_ARRAY = 1       # ``Array new: n``
KIND_STRING = 2      # ``String new: n``
KIND_SPECIAL = 3     # not instantiable with new (SmallInteger, Symbol, ...)


class W_Object:
    """The root of the guest object hierarchy."""

    def getclass(self) -> "W_Class":
        """The Smalltalk class of this object."""
        raise NotImplementedError("getclass")

    def is_identical(self, other: "W_Object") -> bool:
        """Smalltalk ``==``: identity, except that equal SmallIntegers and
        Characters are identical (they are immediate values in Smalltalk)."""
        return self is other

    def inst_var_at(self, index: int) -> "W_Object":
        """Read a named instance variable (only objects with fields have any)."""
        raise IndexError("no instance variables")

    def inst_var_at_put(self, index: int, value: "W_Object") -> None:
        """Write a named instance variable."""
        raise IndexError("no instance variables")


class W_Instance(W_Object):
    """An instance of a class with named instance variables."""

    def __init__(self, w_class, fields: list[W_Object]):
        self.w_class = w_class
        self.fields = fields

    def getclass(self) -> "W_Class":
        return self.w_class

    def inst_var_at(self, index: int) -> W_Object:
        return self.fields[index]

    def inst_var_at_put(self, index: int, value: W_Object) -> None:
        self.fields[index] = value




def wrap_bool(value: bool) -> W_Object:
    """The Smalltalk boolean for a host boolean."""
    if value:
        return TRUE
    return FALSE


class W_SmallInteger(W_Object):
    """A 64-bit integer; arithmetic that overflows fails its primitive."""

    def __init__(self, value: int):
        self.value = value

    def getclass(self) -> "W_Class":
        return CLASSES.w_SmallInteger

    def is_identical(self, other: W_Object) -> bool:
        return isinstance(other, W_SmallInteger) and other.value == self.value


class W_Character(W_Object):
    """A character, identified by its code point."""

    def __init__(self, code: int):
        self.code = code

    def getclass(self) -> "W_Class":
        return CLASSES.w_Character

    def is_identical(self, other: W_Object) -> bool:
        return isinstance(other, W_Character) and other.code == self.code


class W_String(W_Object):
    """A string; its text may be replaced by ``at:put:``."""

    def __init__(self, value: str):
        self.value = value

    def getclass(self) -> "W_Class":
        return CLASSES.w_String


class W_Symbol(W_String):
    """An interned string: equal symbols are the same object."""

    def getclass(self) -> "W_Class":
        return CLASSES.w_Symbol


class W_Array(W_Object):
    """A fixed-size array of objects (indices start at 1 in Smalltalk)."""

    def __init__(self, items: list[W_Object]):
        self.items = items

    def getclass(self) -> "W_Class":
        return CLASSES.w_Array


class W_Block(W_Object):
    """A block closure: its code, the frame it was created in (for outer
    variables), the receiver of its home method and the home method's frame
    (the target of a ``^`` inside the block)."""

    def __init__(self, code, outer: "Frame", receiver: W_Object, home: "Frame"):
        self.code = code
        self.outer = outer
        self.receiver = receiver
        self.home = home

    def getclass(self) -> "W_Class":
        return CLASSES.w_BlockClosure


class VersionTag:
    """Identifies one state of a class's method dictionaries; replaced by a
    new tag whenever a method is added to the class or to a superclass, so a
    JIT may fold lookups keyed by (class, version, selector)."""

    def __init__(self, number: int):
        self.number = number


class W_Class(W_Object):
    """A class or a metaclass.

    ``instvar_names`` lists every instance variable of the instances,
    inherited ones first. ``fields`` hold the class's own class-side instance
    variables. ``classvars`` maps the class variables declared in this class
    to their cells (shared with subclasses through the compiler's lookup).
    """

    def __init__(self, name: str, superclass, kind: int, is_meta: bool):
        self.name = name
        self.superclass = superclass
        self.w_class = self
        self.kind = kind
        self.is_meta = is_meta
        self.instance_class = None
        self.instvar_names = []
        self.methods = {}
        self.classvars = {}
        self.fields = []
        self.subclasses = []
        self.lookup_cache = {}
        self.version = VersionTag(0)
        self.comment = ""
        if superclass is not None:
            for n in superclass.instvar_names:
                self.instvar_names.append(n)
            superclass.subclasses.append(self)

    def getclass(self) -> "W_Class":
        if self.is_meta:
            return CLASSES.w_Metaclass
        return self.w_class

    def inst_var_at(self, index: int) -> W_Object:
        return self.fields[index]

    def inst_var_at_put(self, index: int, value: W_Object) -> None:
        self.fields[index] = value

    def lookup(self, selector: str):
        """The method for ``selector`` in this class or a superclass, or None.
        Results (misses too) are cached per class until methods change."""
        if selector in self.lookup_cache:
            return self.lookup_cache[selector]
        found = None
        cls = self
        while cls is not None:
            if selector in cls.methods:
                found = cls.methods[selector]
                break
            cls = cls.superclass
        self.lookup_cache[selector] = found
        return found

    def install_method(self, selector: str, method) -> None:
        """Add or replace a method, invalidating the caches of this class
        and of every subclass."""
        self.methods[selector] = method
        self.invalidate()

    def invalidate(self) -> None:
        """Forget cached lookups here and below; new version tags."""
        self.lookup_cache = {}
        self.version = VersionTag(self.version.number + 1)
        for sub in self.subclasses:
            sub.invalidate()

    def inherits_from(self, other: "W_Class") -> bool:
        """Whether ``other`` is this class or one of its superclasses."""
        cls = self
        while cls is not None:
            if cls is other:
                return True
            cls = cls.superclass
        return False

    def find_classvar(self, name: str):
        """The cell of class variable ``name`` visible from this class."""
        cls = self
        if cls.is_meta and cls.instance_class is not None:
            cls = cls.instance_class
        while cls is not None:
            if name in cls.classvars:
                return cls.classvars[name]
            cls = cls.superclass
        return None


class Cell:
    """A named variable outside any frame: a global or a class variable.
    ``value`` is None while a global is undefined."""

    def __init__(self, name: str, value):
        self.name = name
        self.value = value


class Frame(W_Object):
    """An activation of a method or a block.

    ``stack`` holds the temporaries (arguments first) in its first
    ``code.ntemps`` slots and the operand stack above them; ``sp`` is the
    index of the next free slot. ``home`` is the method frame a ``^`` returns
    from (the frame itself for a method); ``outer`` is the frame a block was
    created in. ``active`` becomes False once the frame has returned.
    """

    def __init__(self, code, receiver: W_Object, sender, outer, home):
        self.code = code
        self.receiver = receiver
        self.sender = sender
        self.outer = outer
        if home is None:
            self.home = self
        else:
            self.home = home
        self.stack = [NIL] * code.frame_size
        self.sp = code.ntemps
        self.pc = 0
        self.active = True
        self.handler_active = False
        if sender is None:
            self.depth = 0
        else:
            self.depth = sender.depth + 1

    def getclass(self) -> "W_Class":
        return CLASSES.w_Context

    def push(self, value: W_Object) -> None:
        """Push onto the operand stack."""
        self.stack[self.sp] = value
        self.sp += 1

    def pop(self) -> W_Object:
        """Pop from the operand stack."""
        self.sp -= 1
        return self.stack[self.sp]

    def top(self) -> W_Object:
        """The operand on top of the stack."""
        return self.stack[self.sp - 1]

    def peek(self, depth: int) -> W_Object:
        """The operand ``depth`` slots below the top (0 is the top)."""
        return self.stack[self.sp - 1 - depth]


class ClassTable:
    """The classes the interpreter itself needs to know (filled in by the
    bootstrap in ``universe.py``)."""

    def __init__(self, placeholder: W_Class):
        self.w_Object = placeholder
        self.w_Behavior = placeholder
        self.w_Class = placeholder
        self.w_Metaclass = placeholder
        self.w_UndefinedObject = placeholder
        self.w_Boolean = placeholder
        self.w_True = placeholder
        self.w_False = placeholder
        self.w_Magnitude = placeholder
        self.w_Character = placeholder
        self.w_Number = placeholder
        self.w_Integer = placeholder
        self.w_SmallInteger = placeholder
        self.w_Collection = placeholder
        self.w_SequenceableCollection = placeholder
        self.w_ArrayedCollection = placeholder
        self.w_Array = placeholder
        self.w_String = placeholder
        self.w_Symbol = placeholder
        self.w_BlockClosure = placeholder
        self.w_Context = placeholder


# Stands for the classes until the bootstrap makes them (so that class
# references are never None).
PLACEHOLDER_CLASS = W_Class("uninitialized", None, KIND_SPECIAL, False)
CLASSES = ClassTable(PLACEHOLDER_CLASS)

# The three special objects; their classes are set by the bootstrap.
NIL = W_Instance(PLACEHOLDER_CLASS, [])
TRUE = W_Instance(PLACEHOLDER_CLASS, [])
FALSE = W_Instance(PLACEHOLDER_CLASS, [])


# Identity hashes, assigned on first request (objects without an entry have
# never been asked for one).
IDENTITY_HASHES = {}
NEXT_HASH = [1]


def identity_hash(w_obj: W_Object) -> int:
    """A number that stays the same for the object's lifetime."""
    if isinstance(w_obj, W_SmallInteger):
        return w_obj.value
    if isinstance(w_obj, W_Character):
        return w_obj.code
    if w_obj in IDENTITY_HASHES:
        return IDENTITY_HASHES[w_obj]
    h = NEXT_HASH[0]
    NEXT_HASH[0] = h + 1
    IDENTITY_HASHES[w_obj] = h
    return h


SYMBOLS = {}


def intern_symbol(name: str) -> W_Symbol:
    """The unique symbol with this name."""
    if name in SYMBOLS:
        return SYMBOLS[name]
    sym = W_Symbol(name)
    SYMBOLS[name] = sym
    return sym


CHARACTERS = [W_Character(i) for i in range(256)]


def wrap_char(code: int) -> W_Character:
    """The character with this code point (shared for codes below 256)."""
    if 0 <= code < 256:
        return CHARACTERS[code]
    return W_Character(code)
