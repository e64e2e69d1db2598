"""A Smalltalk interpreter in Kiln Python.

Usage: main.py PROGRAM.st [ARGUMENTS...]   (``Smalltalk arguments`` gives
the arguments). Exit status 0, or 1 after a syntax error or an unhandled
Smalltalk error, which is reported on stderr with its line and a
backtrace; 2 for a usage or file error.
"""

import sys

from interpreter import VM, SmalltalkError
from lexer import SmalltalkSyntaxError
from objects import Frame
from primitives import Terminate
from universe import Loader, LoadError, bootstrap

MAX_BACKTRACE = 12


def report(text: str) -> None:
    """A line on standard error."""
    sys.stderr.write(text + "\n")


def user_frames(frame: Frame) -> list[Frame]:
    """The frames of the program (not of the kernel), innermost first."""
    frames = []
    f = frame
    while f is not None:
        if not f.code.kernel:
            frames.append(f)
        f = f.sender
    return frames


def frame_line(frame: Frame) -> int:
    """The line a frame is executing (its last instruction started)."""
    return frame.code.line_at(frame.pc - 1)


def report_runtime_error(text: str, frame: Frame, kind: str) -> None:
    """``file:line: text`` and a backtrace of the program's frames."""
    frames = user_frames(frame)
    if len(frames) == 0:
        report("error: " + kind + text)
        return
    top = frames[0]
    report(top.code.source_name + ":" + str(frame_line(top)) + ": " + kind + text)
    count = 0
    for f in frames:
        if count == MAX_BACKTRACE:
            report("\t... (" + str(len(frames) - count) + " more)")
            break
        report("\t" + f.code.name + " (" + f.code.source_name + ":" + str(frame_line(f)) + ")")
        count += 1


def read_source(path: str) -> "str | None":
    """The text of a file, or None if it cannot be read."""
    try:
        f = open(path)
        text = f.read()
        f.close()
        return text
    except OSError:
        return None


def run(path: str, source: str, args: list[str]) -> int:
    """Load the kernel, then run the program; answer the exit status."""
    globals = {}
    bootstrap(globals)
    vm = VM(globals, args)
    loader = Loader(vm)
    try:
        loader.load_kernel()
    except SmalltalkSyntaxError as e:
        report("internal error: kernel line " + str(e.line) + ": " + e.message)
        return 70
    status = 0
    try:
        loader.load(source, path, False)
    except SmalltalkSyntaxError as e:
        vm.flush()
        report(path + ":" + str(e.line) + ": syntax error: " + e.message)
        status = 1
    except LoadError as e:
        vm.flush()
        report(e.source_name + ":" + str(e.line) + ": error: " + e.message)
        status = 1
    except Terminate as e:
        vm.flush()
        report_runtime_error(e.text, e.frame, "")
        status = 1
    except SmalltalkError as e:
        vm.flush()
        report_runtime_error(e.text, e.frame, "error: ")
        status = 1
    except MemoryError:
        vm.flush()
        report(path + ": error: out of memory")
        status = 1
    except RecursionError:
        vm.flush()
        report(path + ": error: the program is nested too deeply")
        status = 1
    except Exception as e:
        vm.flush()
        report(path + ": internal error: " + str(e))
        status = 70
    vm.flush()
    return status


def entry_point(argv: list[str]) -> int:
    """``main.py PROGRAM.st [ARGS...]``"""
    if len(argv) < 2:
        report("usage: " + argv[0] + " PROGRAM.st [ARGUMENTS...]")
        return 2
    path = argv[1]
    source = read_source(path)
    if source is None:
        report("error: cannot read " + path)
        return 2
    args = []
    for i in range(2, len(argv)):
        args.append(argv[i])
    return run(path, source, args)


if __name__ == "__main__":
    # CPython's default limit (1000 frames) is below what the parser may
    # need for deeply nested source; translated builds have their own.
    sys.setrecursionlimit(20000)
    sys.exit(entry_point(sys.argv))
