"""The interpreter: the dispatch loop (with the JIT hints), calls, class
creation, imports, and turning host errors into guest exceptions.

Each guest call runs `execute_frame` recursively on the host stack, as in
PyPy: the JIT's green variables are the position in the guest program
(`pc`, `code`), the red ones the frame and the VM.
"""

from kiln.jit import JitDriver, promote, dont_look_inside
from objects import (
    W_Object, W_Str, W_Tuple, W_Class, W_Instance, W_ExcInstance, W_Function,
    W_BuiltinFunction, W_Method, W_StaticMethod, W_ClassMethod, W_Property, W_Module,
    ModuleDict, Runtime, w_None, global_cell, K_USER, K_OBJECT, K_EXCEPTION, w_object_type,
    w_TypeError, w_ValueError, w_IndexError, w_KeyError, w_ZeroDivisionError, w_OverflowError,
    w_RecursionError, w_MemoryError, w_ModuleNotFoundError, w_RuntimeError, w_AssertionError,
    instance_set, type_name,
)
from errors import OperationError, type_error, oefmt, new_exception
from bytecode import Code, get_instr, get_handler, get_line, frame_layout, OPNAMES
from frame import Frame, bind_arguments
from dispatch import dispatch
from attributes import lookup_class
from pybuiltins import construct_builtin, make_modules

MAX_RECURSION_DEPTH = 1000


def get_location(pc: int, code: Code) -> str:
    """How the JIT log shows a position in the guest program."""
    return code.name + ":" + str(code.lines[pc]) + " #" + str(pc) + " " + OPNAMES[code.ops[pc]]


driver = JitDriver(greens=["pc", "code"], reds=["frame", "vm"], get_printable_location=get_location)


class VM(Runtime):
    """The guest interpreter state: modules, recursion depth, argv."""

    def __init__(self, argv: list[str]):
        self.program_argv = argv
        self.depth = 0
        self.modules: dict[str, W_Module] = make_modules(argv)

    def argv(self) -> list[str]:
        return self.program_argv

    # ------------------------------------------------------------ running code

    def run_module(self, code: Code, w_globals: ModuleDict) -> None:
        """Execute a module's top-level code."""
        global_cell(w_globals, "__name__").w_value = W_Str("__main__")
        frame = Frame(code, w_globals, None)
        execute_frame(self, frame)

    def call(self, w_callable: W_Object, args: list[W_Object]) -> W_Object:
        return self.call_function(w_callable, args, None, None)

    def call_function(self, w_callable: W_Object, args: list[W_Object], kwnames, kwvalues) -> W_Object:
        """Call any guest callable with positional and keyword arguments."""
        if isinstance(w_callable, W_Function):
            return self.call_user(w_callable, args, kwnames, kwvalues)
        if isinstance(w_callable, W_Method):
            full = [w_callable.w_self]
            full.extend(args)
            return self.call_function(w_callable.w_func, full, kwnames, kwvalues)
        if isinstance(w_callable, W_BuiltinFunction):
            return self.call_builtin(w_callable, args, kwnames, kwvalues)
        if isinstance(w_callable, W_Class):
            return self.instantiate(w_callable, args, kwnames, kwvalues)
        if isinstance(w_callable, W_Instance):
            w_call = lookup_class(w_callable.w_class, "__call__")
            if w_call is not None:
                full = [w_callable]
                full.extend(args)
                return self.call_function(w_call, full, kwnames, kwvalues)
        raise type_error("'" + type_name_of(w_callable) + "' object is not callable")

    def call_user(self, w_func: W_Function, args: list[W_Object], kwnames, kwvalues) -> W_Object:
        code = promote(w_func.code)
        frame = Frame(code, w_func.w_globals, w_func)
        if kwnames is None and len(args) == code.argcount and code.simple_args:
            for i in range(len(args)):
                frame.values[i] = args[i]
        else:
            bind_arguments(frame, w_func, args, kwnames, kwvalues)
        return self.run_function(w_func, frame)

    def run_function(self, w_func: W_Function, frame: Frame) -> W_Object:
        """Run a function's frame (arguments bound), counting the depth."""
        frame.init_cells(w_func)
        self.depth += 1
        if self.depth > MAX_RECURSION_DEPTH:
            self.depth -= 1
            raise oefmt(w_RecursionError, "maximum recursion depth exceeded")
        try:
            return execute_frame(self, frame)
        finally:
            self.depth -= 1

    def call_builtin(self, w_func: W_BuiltinFunction, args: list[W_Object], kwnames, kwvalues) -> W_Object:
        n = len(args)
        if n < w_func.min_args or (w_func.max_args >= 0 and n > w_func.max_args):
            raise type_error(arity_message(w_func, n))
        kwargs = None
        if kwnames is not None and kwvalues is not None and len(kwnames) > 0:
            kwargs = {}
            for i in range(len(kwnames)):
                kwargs[kwnames[i]] = kwvalues[i]
        return w_func.fn(self, args, kwargs)

    def instantiate(self, w_class: W_Class, args: list[W_Object], kwnames, kwvalues) -> W_Object:
        """Calling a class: built-in types construct a value; user classes
        make an instance and run `__init__`."""
        if w_class.kind != K_USER and w_class.kind != K_EXCEPTION and w_class.kind != K_OBJECT:
            kwargs = None
            if kwnames is not None and kwvalues is not None and len(kwnames) > 0:
                kwargs = {}
                for i in range(len(kwnames)):
                    kwargs[kwnames[i]] = kwvalues[i]
            return construct_builtin(self, w_class, args, kwargs)
        if w_class.is_exception:
            w_inst = W_ExcInstance(w_class)
            instance_set(w_inst, "args", W_Tuple(args))
        else:
            w_inst = W_Instance(w_class)
        w_init = lookup_class(w_class, "__init__")
        if isinstance(w_init, W_Function):
            full = [w_inst]
            full.extend(args)
            w_res = self.call_user(w_init, full, kwnames, kwvalues)
            if w_res is not w_None:
                raise type_error("__init__() should return None, not '" + type_name_of(w_res) + "'")
        elif not w_class.is_exception and (len(args) > 0 or kwnames is not None):
            raise type_error(w_class.name + "() takes no arguments")
        return w_inst

    def build_class(self, name: str, w_bases: W_Object, w_body: W_Object) -> W_Object:
        """BUILD_CLASS: run the body in a fresh namespace, make the class."""
        assert isinstance(w_bases, W_Tuple)
        assert isinstance(w_body, W_Function)
        w_base = w_object_type
        if len(w_bases.items) > 1:
            raise type_error("multiple inheritance is not supported")
        if len(w_bases.items) == 1:
            w_b = w_bases.items[0]
            if not isinstance(w_b, W_Class):
                raise type_error("bases must be classes")
            if w_b.kind != K_USER and w_b.kind != K_OBJECT and w_b.kind != K_EXCEPTION:
                raise type_error("subclassing the built-in type '" + w_b.name + "' is not supported")
            w_base = w_b
        frame = Frame(w_body.code, w_body.w_globals, w_body)
        frame.namespace = {}
        frame.init_cells(w_body)
        execute_frame(self, frame)
        kind = K_EXCEPTION if w_base.is_exception else K_USER
        w_class = W_Class(name, w_base, kind)
        w_class.module = "__main__"
        ns = frame.namespace
        if ns is not None:
            for key, w_value in ns.items():
                w_class.dict[key] = w_value
                set_owner(w_value, w_class)
        return w_class

    def import_module(self, name: str) -> W_Object:
        w_module = self.modules.get(name, None)
        if w_module is None:
            raise oefmt(w_ModuleNotFoundError, "No module named '" + name + "'")
        return w_module


def set_owner(w_value: W_Object, w_class: W_Class) -> None:
    """Record the class defining a method (for `super()`)."""
    if isinstance(w_value, W_Function):
        if w_value.w_owner is None:
            w_value.w_owner = w_class
    elif isinstance(w_value, W_StaticMethod) or isinstance(w_value, W_ClassMethod):
        set_owner(w_value.w_func, w_class)
    elif isinstance(w_value, W_Property):
        set_owner(w_value.w_getter, w_class)
        w_setter = w_value.w_setter
        if w_setter is not None:
            set_owner(w_setter, w_class)


def type_name_of(w: W_Object) -> str:
    return type_name(w)


def arity_message(w_func: W_BuiltinFunction, n: int) -> str:
    name = w_func.name
    if w_func.min_args == w_func.max_args:
        if w_func.min_args == 0:
            return name + "() takes no arguments (" + str(n) + " given)"
        if w_func.min_args == 1:
            return name + "() takes exactly one argument (" + str(n) + " given)"
        return name + "() takes exactly " + str(w_func.min_args) + " arguments (" + str(n) + " given)"
    if n < w_func.min_args:
        return name + " expected at least " + str(w_func.min_args) + " arguments, got " + str(n)
    return name + " expected at most " + str(w_func.max_args) + " arguments, got " + str(n)


# ---------------------------------------------------------------- the dispatch loop


def execute_frame(vm: VM, frame: Frame) -> W_Object:
    """Run a frame until it returns; its return value."""
    code = frame.code
    pc = 0
    while True:
        driver.jit_merge_point(pc=pc, code=code, frame=frame, vm=vm)
        instr = get_instr(code, pc)
        op = instr & 0xFF
        arg = instr >> 8
        try:
            next_pc = dispatch(vm, frame, code, pc, op, arg)
        except OperationError as e:
            next_pc = handle_error(frame, code, pc, e)
        except Exception as e:
            next_pc = handle_error(frame, code, pc, host_error(e))
        if next_pc < 0:
            return frame.pop()
        if next_pc <= pc:
            pc = next_pc
            driver.can_enter_jit(pc=pc, code=code, frame=frame, vm=vm)
        else:
            pc = next_pc


def handle_error(frame: Frame, code: Code, pc: int, e: OperationError) -> int:
    """Find the guest handler of an error raised at `pc`: the handler's pc,
    with the exception pushed; re-raises when this frame has none."""
    if e.line == 0:
        e.line = get_line(code, pc)
    handler = get_handler(code, pc)
    if handler < 0:
        raise e
    w_exc = e.w_exc
    if isinstance(w_exc, W_ExcInstance):
        w_exc.line = e.line
    depth = frame_layout(code) + code.handler_depths[pc]
    while frame.sp > depth:
        frame.pop()
    frame.push(w_exc)
    return handler


@dont_look_inside
def host_error(e: Exception) -> OperationError:
    """A host exception escaping an operation, as the guest exception of
    the same name (their messages follow CPython's wording)."""
    w_type = w_RuntimeError
    if isinstance(e, ZeroDivisionError):
        w_type = w_ZeroDivisionError
    elif isinstance(e, OverflowError):
        w_type = w_OverflowError
    elif isinstance(e, IndexError):
        w_type = w_IndexError
    elif isinstance(e, KeyError):
        w_type = w_KeyError
    elif isinstance(e, ValueError):
        w_type = w_ValueError
    elif isinstance(e, TypeError):
        w_type = w_TypeError
    elif isinstance(e, RecursionError):
        w_type = w_RecursionError
    elif isinstance(e, MemoryError):
        w_type = w_MemoryError
    elif isinstance(e, AssertionError):
        w_type = w_AssertionError
    msg = str(e)
    if isinstance(e, RecursionError):
        msg = "maximum recursion depth exceeded"
    return OperationError(new_exception(w_type, [W_Str(msg)]))
