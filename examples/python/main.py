"""A Python interpreter written in Kiln Python.

Usage: main.py PROGRAM.py [ARGS...]

The guest program is tokenized (lexer.py), parsed (pyparser.py), compiled
to bytecode (compiler.py) and run by the VM (vm.py).  Errors in the guest
program are reported as `line N: ExcName: message` on stderr with exit
status 1; the host never crashes on a bad program.
"""

import sys
from objects import (
    W_Int, W_Instance, W_Tuple, ModuleDict, w_None, w_SystemExit, is_subclass,
    instance_get,
)
from errors import OperationError, GuestSyntaxError
from compiler import compile_source
from operations import str_w
from vm import VM


def report(msg: str) -> None:
    sys.stdout.flush()
    sys.stderr.write(msg + "\n")


def exit_status(vm: VM, e: OperationError) -> int:
    """Report an uncaught guest exception; the process exit status."""
    w_exc = e.w_exc
    if not isinstance(w_exc, W_Instance):
        report("line " + str(e.line) + ": error")
        return 1
    name = w_exc.w_class.name
    if is_subclass(w_exc.w_class, w_SystemExit):
        w_args = instance_get(w_exc, "args")
        if isinstance(w_args, W_Tuple) and len(w_args.items) > 0:
            w_code = w_args.items[0]
            if isinstance(w_code, W_Int):
                return w_code.intval
            if w_code is not w_None:
                report(str_w(vm, w_code))
                return 1
        return 0
    msg = ""
    try:
        msg = str_w(vm, w_exc)
    except OperationError:
        msg = "<exception str() failed>"
    if msg == "":
        report("line " + str(e.line) + ": " + name)
    else:
        report("line " + str(e.line) + ": " + name + ": " + msg)
    return 1


def run_source(source: str, filename: str, argv: list[str]) -> int:
    """Compile and run a guest program; its exit status."""
    try:
        code = compile_source(source, filename)
    except GuestSyntaxError as e:
        report("line " + str(e.line) + ": " + e.kind + ": " + e.msg)
        return 1
    except Exception as e:
        report("SyntaxError: the program could not be compiled (" + str(e) + ")")
        return 1
    vm = VM(argv)
    try:
        vm.run_module(code, ModuleDict())
    except OperationError as e:
        return exit_status(vm, e)
    except Exception as e:
        report("internal error: " + str(e))
        return 1
    sys.stdout.flush()
    return 0


def entry_point(argv: list[str]) -> int:
    if len(argv) < 2:
        report("usage: " + argv[0] + " PROGRAM.py [ARGS...]")
        return 2
    path = argv[1]
    source = ""
    try:
        f = open(path)
        source = f.read()
        f.close()
    except OSError as e:
        report("cannot read " + path + ": " + str(e))
        return 2
    return run_source(source, path, argv[1:])


if __name__ == "__main__":
    # Untranslated, each guest call takes a few host frames: leave room for
    # the guest's own limit of 1000.
    sys.setrecursionlimit(20000)
    sys.exit(entry_point(sys.argv))
