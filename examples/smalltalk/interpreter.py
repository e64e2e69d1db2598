"""The bytecode interpreter: one dispatch loop for every frame.

Sends do not recurse in the host: a send makes a new ``Frame`` whose
``sender`` is the current one and the loop continues in it; a return pops
back to the sender. So Smalltalk recursion depth is limited only by
``MAX_DEPTH``, and a non-local return (``^`` in a block) or an exception
unwinds simply by continuing in an older frame.

The loop carries the JIT hints: the greens are the position in the
bytecode (``pc``) and the code object; the reds are the current frame and
the VM. Backward jumps call ``can_enter_jit``. Method lookup goes through
per-send-site inline caches when interpreting and through an ``@elidable``
lookup keyed by promoted (class, version, selector) when JIT-compiled.
"""

import sys

from kiln.jit import JitDriver, promote, elidable, dont_look_inside, unroll_safe, we_are_jitted
from kiln.rarith import ovfcheck

from bytecode import (CompiledCode, SendSite, describe_location, OUTER_SHIFT, OUTER_MASK,
                      QUICK_NONE, QUICK_GETTER, QUICK_SETTER, QUICK_CONSTANT,
                      PUSH_SELF, PUSH_NIL, PUSH_TRUE, PUSH_FALSE, PUSH_LITERAL, PUSH_TEMP,
                      PUSH_OUTER_TEMP, PUSH_INST, PUSH_CELL, PUSH_CONTEXT, STORE_TEMP,
                      STORE_OUTER_TEMP, STORE_INST, STORE_CELL, POP_STORE_TEMP, POP_STORE_INST,
                      POP, DUP, SEND, SUPER_SEND, SEND_ADD, SEND_SUB, SEND_MUL, SEND_LT, SEND_GT,
                      SEND_LE, SEND_GE, SEND_EQ, SEND_NE, SEND_DIV, SEND_MOD, SEND_IDENTICAL,
                      SEND_NOT_IDENTICAL, SEND_AT, SEND_AT_PUT, JUMP, JUMP_IF_TRUE, JUMP_IF_FALSE,
                      JUMP_IF_NIL, JUMP_IF_NOT_NIL, MAKE_BLOCK, MAKE_ARRAY, RETURN, RETURN_NONLOCAL)
from objects import (W_Object, W_Instance, W_SmallInteger, W_Array, W_String, W_Block, W_Class,
                     Frame, VersionTag, NIL, TRUE, FALSE, CLASSES, wrap_bool, intern_symbol)
import primitives
from primitives import (PRIM_BLOCK_VALUE0, PRIM_BLOCK_VALUE4, PRIM_BLOCK_VALUE_ARGS, PRIM_PERFORM,
                        PRIM_PERFORM_ARGS, PRIM_ON_DO, PRIM_CONTEXT_RETURN, PRIM_CONTEXT_RESTART,
                        PRIM_UNWIND_MARK)

MAX_DEPTH = 100000


class SmalltalkError(Exception):
    """Stops the program: an unhandled Smalltalk error (or a fatal VM
    condition). ``frame`` is where it was signalled, for the backtrace."""

    def __init__(self, text: str, frame: Frame):
        Exception.__init__(self, text)
        self.text = text
        self.frame = frame


class VM:
    """Interpreter state shared by all frames: globals, output, and the
    send sites the VM itself uses for error messages."""

    def __init__(self, globals, argv: list[str]):
        self.globals = globals
        self.arguments = argv
        self.output = []
        self.output_size = 0
        self.w_message_class = CLASSES.w_Object
        self.bottom_code = make_bottom_code()
        self.site_error = SendSite("error:", 1, intern_symbol("error:"))
        self.site_must_be_boolean = SendSite("mustBeBoolean", 0, intern_symbol("mustBeBoolean"))
        self.site_undeclared = SendSite("undeclaredVariable:", 1, intern_symbol("undeclaredVariable:"))
        self.site_dnu = SendSite("doesNotUnderstand:", 1, intern_symbol("doesNotUnderstand:"))
        self.site_unwind = SendSite("unwindAndReturn:", 1, intern_symbol("unwindAndReturn:"))

    def write(self, text: str) -> None:
        """Buffered standard output."""
        self.output.append(text)
        self.output_size += len(text)
        if self.output_size > 8192:
            self.flush()

    def flush(self) -> None:
        """Write out buffered output."""
        if len(self.output) > 0:
            sys.stdout.write("".join(self.output))
            sys.stdout.flush()
            self.output = []
            self.output_size = 0


def make_bottom_code() -> CompiledCode:
    """The code of the frame under every top-level statement: RETURN."""
    code = CompiledCode("(bottom)", "", False, "kernel", True, CLASSES.w_Object)
    code.ops.append(RETURN)
    code.args.append(0)
    code.lines.append(0)
    code.frame_size = 2
    return code


def get_location(pc: int, code: CompiledCode) -> str:
    """For JIT logs."""
    return describe_location(pc, code)


driver = JitDriver(greens=["pc", "code"], reds=["frame", "vm"], get_printable_location=get_location)


@elidable
def lookup_elidable(w_class: W_Class, version: VersionTag, selector: str):
    """Method lookup as a pure function of promoted values: the version
    tag changes whenever the answer could."""
    return w_class.lookup(selector)


def lookup(site: SendSite, w_class: W_Class):
    """The method a send site runs for a receiver class (None: not
    understood)."""
    if we_are_jitted():
        w_class = promote(w_class)
        version = promote(w_class.version)
        selector = promote(site.selector)
        return lookup_elidable(w_class, version, selector)
    version = w_class.version
    if site.cached_class is w_class and site.cached_version is version:
        return site.cached_method
    method = w_class.lookup(site.selector)
    site.cached_class = w_class
    site.cached_version = version
    site.cached_method = method
    return method


def send(vm: VM, frame: Frame, site: SendSite, start_class) -> Frame:
    """Send ``site``'s message to the receiver under the arguments on the
    stack; returns the frame to continue in (the new method's, or
    ``frame`` itself when a primitive answered)."""
    nargs = site.nargs
    receiver = frame.stack[frame.sp - nargs - 1]
    if start_class is None:
        w_class = receiver.getclass()
    else:
        w_class = start_class
    method = lookup(site, w_class)
    if method is None:
        return does_not_understand(vm, frame, site, receiver, w_class)
    return activate(vm, frame, method, receiver, nargs)


def super_send(vm: VM, frame: Frame, site: SendSite, defining_class: W_Class) -> Frame:
    """A send to ``super``: the lookup starts above the class that
    defines the running method."""
    superclass = defining_class.superclass
    if superclass is None:
        receiver = frame.stack[frame.sp - site.nargs - 1]
        return does_not_understand(vm, frame, site, receiver, receiver.getclass())
    return send(vm, frame, site, superclass)


def activate(vm: VM, frame: Frame, method: CompiledCode, receiver: W_Object, nargs: int) -> Frame:
    """Run a method found for a send: its primitive if it has one and
    that succeeds, else its bytecode in a new frame."""
    if method.primitive != 0:
        result = call_primitive(vm, method.primitive, frame, nargs)
        if result is not None:
            return result
    elif method.quick != QUICK_NONE:
        run_quick_method(frame, method, receiver, nargs)
        return frame
    new_frame = Frame(method, receiver, frame, None, None)
    move_arguments(frame, new_frame, nargs)
    if new_frame.depth > MAX_DEPTH:
        raise SmalltalkError("call stack depth exceeded " + str(MAX_DEPTH) + " (infinite recursion?)", frame)
    return new_frame


def run_quick_method(frame: Frame, method: CompiledCode, receiver: W_Object, nargs: int) -> None:
    """Run a quick method (an accessor, ^self, ^constant) without making
    a frame: replace receiver and arguments by the answer."""
    quick = method.quick
    result = receiver
    if quick == QUICK_GETTER:
        result = receiver.inst_var_at(method.quick_index)
    elif quick == QUICK_SETTER:
        receiver.inst_var_at_put(method.quick_index, frame.stack[frame.sp - 1])
    elif quick == QUICK_CONSTANT:
        value = method.quick_value
        if value is not None:
            result = value
    frame.sp -= nargs
    frame.stack[frame.sp - 1] = result


@unroll_safe
def move_arguments(frame: Frame, new_frame: Frame, nargs: int) -> None:
    """Pop the arguments and receiver of a send from ``frame`` into the
    first temporaries of ``new_frame``."""
    base = frame.sp - nargs
    for i in range(nargs):
        new_frame.stack[i] = frame.stack[base + i]
    frame.sp = base - 1


def does_not_understand(vm: VM, frame: Frame, site: SendSite, receiver: W_Object, w_class: W_Class) -> Frame:
    """Replace the arguments by a Message and send #doesNotUnderstand:."""
    nargs = site.nargs
    items = []
    base = frame.sp - nargs
    for i in range(nargs):
        items.append(frame.stack[base + i])
    frame.sp = base
    message = W_Instance(vm.w_message_class, [site.w_selector, W_Array(items)])
    frame.stack[frame.sp] = message
    frame.sp += 1
    method = w_class.lookup("doesNotUnderstand:")
    if method is None:
        raise SmalltalkError("doesNotUnderstand: #" + site.selector + " (and no #doesNotUnderstand:)", frame)
    return activate(vm, frame, method, receiver, 1)


def send_error(vm: VM, frame: Frame, text: str) -> Frame:
    """Send ``error: text`` to the frame's receiver (its answer, if an
    exception handler resumes, is pushed where the failed value would be)."""
    ensure_stack(frame, 2)
    frame.stack[frame.sp] = frame.receiver
    frame.stack[frame.sp + 1] = W_String(text)
    frame.sp += 2
    return send(vm, frame, vm.site_error, None)


def block_value(vm: VM, frame: Frame, nargs: int) -> "Frame | None":
    """``aBlock value: ...``: a new frame for the block (None if the
    receiver is not a block taking ``nargs`` arguments)."""
    receiver = frame.stack[frame.sp - nargs - 1]
    if not isinstance(receiver, W_Block):
        return None
    code = receiver.code
    if code.nargs != nargs:
        return None
    new_frame = Frame(code, receiver.receiver, frame, receiver.outer, receiver.home)
    move_arguments(frame, new_frame, nargs)
    if new_frame.depth > MAX_DEPTH:
        raise SmalltalkError("call stack depth exceeded " + str(MAX_DEPTH) + " (infinite recursion?)", frame)
    return new_frame


def block_value_with_arguments(vm: VM, frame: Frame) -> "Frame | None":
    """``aBlock valueWithArguments: anArray``."""
    w_args = frame.stack[frame.sp - 1]
    receiver = frame.stack[frame.sp - 2]
    if not isinstance(w_args, W_Array) or not isinstance(receiver, W_Block):
        return None
    if receiver.code.nargs != len(w_args.items):
        return None
    frame.sp -= 1
    ensure_stack(frame, len(w_args.items))
    for item in w_args.items:
        frame.stack[frame.sp] = item
        frame.sp += 1
    return block_value(vm, frame, len(w_args.items))


def perform(vm: VM, frame: Frame, nargs: int) -> "Frame | None":
    """``perform: #sel with: ...``: drop the selector and send it."""
    w_sel = frame.stack[frame.sp - nargs]
    if not isinstance(w_sel, W_String):
        return None
    selector = w_sel.value
    if selector_arity(selector) != nargs - 1:
        return None
    base = frame.sp - nargs
    for i in range(nargs - 1):
        frame.stack[base + i] = frame.stack[base + i + 1]
    frame.sp -= 1
    site = SendSite(selector, nargs - 1, intern_symbol(selector))
    return send(vm, frame, site, None)


def perform_with_arguments(vm: VM, frame: Frame) -> "Frame | None":
    """``perform: #sel withArguments: anArray``."""
    w_args = frame.stack[frame.sp - 1]
    if not isinstance(w_args, W_Array):
        return None
    frame.sp -= 1
    ensure_stack(frame, len(w_args.items))
    for item in w_args.items:
        frame.stack[frame.sp] = item
        frame.sp += 1
    result = perform(vm, frame, len(w_args.items) + 1)
    if result is None:
        frame.sp -= len(w_args.items)
        frame.stack[frame.sp] = w_args
        frame.sp += 1
    return result


def ensure_stack(frame: Frame, extra: int) -> None:
    """Make room for ``extra`` more operands (arguments spread from an
    Array may exceed the stack depth the compiler computed)."""
    while len(frame.stack) < frame.sp + extra:
        frame.stack.append(NIL)


def selector_arity(selector: str) -> int:
    """The number of arguments a selector takes."""
    if len(selector) == 0:
        return 0
    first = selector[0]
    if not (first.isalpha() or first == "_"):
        return 1
    return selector.count(":")


def has_unwind_blocks(frame: Frame, target: Frame) -> bool:
    """Whether an ``ensure:`` or ``ifCurtailed:`` that has not completed
    is running between ``frame`` and ``target`` (so returning to
    ``target`` must run its block first)."""
    f = frame.sender
    while f is not None and f is not target:
        if f.code.primitive == PRIM_UNWIND_MARK and f.stack[2] is NIL:
            return True
        f = f.sender
    return False


def is_on_chain(frame: Frame, target: Frame) -> bool:
    """Whether ``target`` is ``frame`` or one of its senders (so still
    running)."""
    f = frame
    while f is not None:
        if f is target:
            return True
        f = f.sender
    return False


@dont_look_inside
def unwind(frame: Frame, target: Frame):
    """Abandon ``frame`` and its senders up to and including ``target``;
    returns ``target``'s sender, the frame to continue in."""
    f = frame
    while f is not None and f is not target:
        f.active = False
        f = f.sender
    target.active = False
    return target.sender


def context_return(vm: VM, frame: Frame) -> "Frame | None":
    """``aContext unwindAndReturn: value``: return ``value`` from that
    context (which must still be running), abandoning the frames above."""
    value = frame.stack[frame.sp - 1]
    target = frame.stack[frame.sp - 2]
    if not isinstance(target, Frame) or not target.active or not is_on_chain(frame, target):
        return None
    sender = unwind(frame, target)
    if sender is None:
        raise SmalltalkError("cannot return from the outermost context", frame)
    sender.stack[sender.sp] = value
    sender.sp += 1
    return sender


def context_restart(vm: VM, frame: Frame) -> "Frame | None":
    """``aContext restart``: abandon the frames above a running context
    and run it again from its beginning (``Exception>>retry``)."""
    target = frame.stack[frame.sp - 1]
    if not isinstance(target, Frame) or not target.active or not is_on_chain(frame, target):
        return None
    sender = unwind(frame, target)
    target.active = True
    target.pc = 0
    target.sp = target.code.ntemps
    target.handler_active = False
    return target


def call_primitive(vm: VM, number: int, frame: Frame, nargs: int) -> "Frame | None":
    """Run primitive ``number`` on the receiver and arguments on top of
    ``frame``'s stack. Returns the frame to continue in, or None if the
    primitive failed (the method's Smalltalk code then runs)."""
    if number >= PRIM_BLOCK_VALUE0 and number <= PRIM_BLOCK_VALUE4:
        return block_value(vm, frame, number - PRIM_BLOCK_VALUE0)
    if number == PRIM_BLOCK_VALUE_ARGS:
        return block_value_with_arguments(vm, frame)
    if number == PRIM_PERFORM:
        return perform(vm, frame, nargs)
    if number == PRIM_PERFORM_ARGS:
        return perform_with_arguments(vm, frame)
    if number == PRIM_ON_DO or number == PRIM_UNWIND_MARK:
        return None
    if number == PRIM_CONTEXT_RETURN:
        return context_return(vm, frame)
    if number == PRIM_CONTEXT_RESTART:
        return context_restart(vm, frame)
    result = primitives.simple_primitive(vm, number, frame, nargs)
    if result is None:
        return None
    frame.sp -= nargs
    frame.stack[frame.sp - 1] = result
    return frame


@unroll_safe
def outer_frame(frame: Frame, depth: int) -> "Frame | None":
    """The frame ``depth`` levels out from a block's frame."""
    f = frame
    for i in range(depth):
        f = f.outer
    return f


def int_binary(op: int, a: int, b: int) -> "W_Object | None":
    """The fast path of the special arithmetic sends on two SmallIntegers;
    None when the full send is needed (overflow, division by zero)."""
    if op == SEND_ADD:
        try:
            return W_SmallInteger(ovfcheck(a + b))
        except OverflowError:
            return None
    if op == SEND_SUB:
        try:
            return W_SmallInteger(ovfcheck(a - b))
        except OverflowError:
            return None
    if op == SEND_LT:
        return wrap_bool(a < b)
    if op == SEND_GT:
        return wrap_bool(a > b)
    if op == SEND_LE:
        return wrap_bool(a <= b)
    if op == SEND_GE:
        return wrap_bool(a >= b)
    if op == SEND_EQ:
        return wrap_bool(a == b)
    if op == SEND_NE:
        return wrap_bool(a != b)
    if op == SEND_MUL:
        try:
            return W_SmallInteger(ovfcheck(a * b))
        except OverflowError:
            return None
    if b == 0:
        return None
    if op == SEND_DIV:
        if a == -9223372036854775807 - 1 and b == -1:
            return None
        return W_SmallInteger(a // b)
    if op == SEND_MOD:
        if b == -1:
            return W_SmallInteger(0)
        return W_SmallInteger(a % b)
    return None


def run_code(vm: VM, code: CompiledCode, receiver: W_Object) -> W_Object:
    """Run a top-level method (a statement or an initializer) to its end.
    It is called from a bottom frame that only returns what it gets, so
    every frame the program can return to or unwind to has a sender."""
    bottom = Frame(vm.bottom_code, NIL, None, None, None)
    frame = Frame(code, receiver, bottom, None, None)
    return execute(vm, frame)


def execute(vm: VM, frame: Frame) -> W_Object:
    """Run ``frame`` (and everything it sends) until it returns; answers
    its value. Raises ``SmalltalkError`` for unhandled errors."""
    code = frame.code
    pc = frame.pc
    while True:
        driver.jit_merge_point(pc=pc, code=code, frame=frame, vm=vm)
        op = code.ops[pc]
        arg = code.args[pc]
        pc += 1
        if op == PUSH_TEMP:
            frame.stack[frame.sp] = frame.stack[arg]
            frame.sp += 1
        elif op == PUSH_SELF:
            frame.stack[frame.sp] = frame.receiver
            frame.sp += 1
        elif op == PUSH_LITERAL:
            frame.stack[frame.sp] = code.literals[arg]
            frame.sp += 1
        elif op == PUSH_INST:
            receiver = frame.receiver
            if isinstance(receiver, W_Instance):
                frame.stack[frame.sp] = receiver.fields[arg]
            else:
                frame.stack[frame.sp] = receiver.inst_var_at(arg)
            frame.sp += 1
        elif op == POP:
            frame.sp -= 1
        elif op == POP_STORE_TEMP:
            frame.sp -= 1
            frame.stack[arg] = frame.stack[frame.sp]
        elif op >= SEND_ADD and op <= SEND_MOD:
            b = frame.stack[frame.sp - 1]
            a = frame.stack[frame.sp - 2]
            result = None
            if isinstance(a, W_SmallInteger) and isinstance(b, W_SmallInteger):
                result = int_binary(op, a.value, b.value)
            if result is not None:
                frame.sp -= 1
                frame.stack[frame.sp - 1] = result
            else:
                frame.pc = pc
                frame = send(vm, frame, code.sends[arg], None)
                code = frame.code
                pc = frame.pc
        elif op == SEND:
            frame.pc = pc
            frame = send(vm, frame, code.sends[arg], None)
            code = frame.code
            pc = frame.pc
        elif op == JUMP_IF_FALSE or op == JUMP_IF_TRUE:
            frame.sp -= 1
            cond = frame.stack[frame.sp]
            if cond is TRUE or cond is FALSE:
                if (cond is TRUE) == (op == JUMP_IF_TRUE):
                    if arg < pc:
                        pc = arg
                        driver.can_enter_jit(pc=pc, code=code, frame=frame, vm=vm)
                    else:
                        pc = arg
            else:
                # ask the object; the jump is retried with its answer
                frame.sp += 1
                frame.pc = pc - 1
                frame = send(vm, frame, vm.site_must_be_boolean, None)
                code = frame.code
                pc = frame.pc
        elif op == JUMP:
            if arg < pc:
                pc = arg
                driver.can_enter_jit(pc=pc, code=code, frame=frame, vm=vm)
            else:
                pc = arg
        elif op == RETURN:
            frame.sp -= 1
            value = frame.stack[frame.sp]
            frame.active = False
            sender = frame.sender
            if sender is None:
                return value
            frame = sender
            frame.stack[frame.sp] = value
            frame.sp += 1
            code = frame.code
            pc = frame.pc
        elif op == PUSH_NIL:
            frame.stack[frame.sp] = NIL
            frame.sp += 1
        elif op == PUSH_TRUE:
            frame.stack[frame.sp] = TRUE
            frame.sp += 1
        elif op == PUSH_FALSE:
            frame.stack[frame.sp] = FALSE
            frame.sp += 1
        elif op == PUSH_OUTER_TEMP:
            f = outer_frame(frame, arg >> OUTER_SHIFT)
            frame.stack[frame.sp] = f.stack[arg & OUTER_MASK]
            frame.sp += 1
        elif op == STORE_TEMP:
            frame.stack[arg] = frame.stack[frame.sp - 1]
        elif op == STORE_OUTER_TEMP:
            f = outer_frame(frame, arg >> OUTER_SHIFT)
            f.stack[arg & OUTER_MASK] = frame.stack[frame.sp - 1]
        elif op == STORE_INST or op == POP_STORE_INST:
            value = frame.stack[frame.sp - 1]
            if op == POP_STORE_INST:
                frame.sp -= 1
            receiver = frame.receiver
            if isinstance(receiver, W_Instance):
                receiver.fields[arg] = value
            else:
                receiver.inst_var_at_put(arg, value)
        elif op == PUSH_CELL:
            cell = code.cells[arg]
            value = cell.value
            if value is not None:
                frame.stack[frame.sp] = value
                frame.sp += 1
            else:
                ensure_stack(frame, 2)
                frame.stack[frame.sp] = frame.receiver
                frame.stack[frame.sp + 1] = intern_symbol(cell.name)
                frame.sp += 2
                frame.pc = pc
                frame = send(vm, frame, vm.site_undeclared, None)
                code = frame.code
                pc = frame.pc
        elif op == STORE_CELL:
            code.cells[arg].value = frame.stack[frame.sp - 1]
        elif op == DUP:
            frame.stack[frame.sp] = frame.stack[frame.sp - 1]
            frame.sp += 1
        elif op == SEND_IDENTICAL or op == SEND_NOT_IDENTICAL:
            b = frame.stack[frame.sp - 1]
            a = frame.stack[frame.sp - 2]
            frame.sp -= 1
            frame.stack[frame.sp - 1] = wrap_bool(a.is_identical(b) == (op == SEND_IDENTICAL))
        elif op == SEND_AT or op == SEND_AT_PUT:
            if not fast_at(frame, op == SEND_AT_PUT):
                frame.pc = pc
                frame = send(vm, frame, code.sends[arg], None)
                code = frame.code
                pc = frame.pc
        elif op == SUPER_SEND:
            frame.pc = pc
            frame = super_send(vm, frame, code.sends[arg], code.defining_class)
            code = frame.code
            pc = frame.pc
        elif op == JUMP_IF_NIL or op == JUMP_IF_NOT_NIL:
            frame.sp -= 1
            if (frame.stack[frame.sp] is NIL) == (op == JUMP_IF_NIL):
                pc = arg
        elif op == MAKE_BLOCK:
            frame.stack[frame.sp] = W_Block(code.blocks[arg], frame, frame.receiver, frame.home)
            frame.sp += 1
        elif op == RETURN_NONLOCAL:
            home = frame.home
            if not home.active or not is_on_chain(frame, home):
                frame.pc = pc
                frame = send_error(vm, frame, "non-local return from a method that has already returned")
                code = frame.code
                pc = frame.pc
            elif has_unwind_blocks(frame, home):
                # "home unwindAndReturn: value" runs the pending unwind blocks
                frame.pc = pc
                ensure_stack(frame, 1)
                value = frame.stack[frame.sp - 1]
                frame.stack[frame.sp - 1] = home
                frame.stack[frame.sp] = value
                frame.sp += 1
                frame = send(vm, frame, vm.site_unwind, None)
                code = frame.code
                pc = frame.pc
            else:
                frame.sp -= 1
                value = frame.stack[frame.sp]
                sender = unwind(frame, home)
                if sender is None:
                    return value
                frame = sender
                frame.stack[frame.sp] = value
                frame.sp += 1
                code = frame.code
                pc = frame.pc
        elif op == MAKE_ARRAY:
            items = [NIL] * arg
            for i in range(arg):
                items[i] = frame.stack[frame.sp - arg + i]
            frame.sp -= arg
            frame.stack[frame.sp] = W_Array(items)
            frame.sp += 1
        elif op == PUSH_CONTEXT:
            frame.stack[frame.sp] = frame
            frame.sp += 1
        else:
            raise SmalltalkError("bad opcode " + str(op), frame)


def fast_at(frame: Frame, is_put: bool) -> bool:
    """``anArray at: i`` / ``anArray at: i put: v`` without a send when the
    receiver is an Array and the index is in range."""
    if is_put:
        w_array = frame.stack[frame.sp - 3]
        w_index = frame.stack[frame.sp - 2]
    else:
        w_array = frame.stack[frame.sp - 2]
        w_index = frame.stack[frame.sp - 1]
    if not (isinstance(w_array, W_Array) and isinstance(w_index, W_SmallInteger)):
        return False
    i = w_index.value
    if i < 1 or i > len(w_array.items):
        return False
    if is_put:
        value = frame.stack[frame.sp - 1]
        w_array.items[i - 1] = value
        frame.sp -= 2
        frame.stack[frame.sp - 1] = value
    else:
        frame.sp -= 1
        frame.stack[frame.sp - 1] = w_array.items[i - 1]
    return True
