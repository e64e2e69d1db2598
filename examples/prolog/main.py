"""A Prolog interpreter in Kiln Python.

Usage: ``main.py PROGRAM.pl [ARGS...]`` (the arguments are the ``argv``
flag: ``current_prolog_flag(argv, Args)``).  Loads the program (running its directives),
then runs its ``:- initialization(G)`` goals; with
``:- initialization(main, main)`` the program exits after ``main``.  Exit
status: 0, or 1 after a syntax error, an uncaught error or a failed
initialization goal (2 when ``main`` of ``initialization(main, main)``
raises), or the argument of ``halt/1``.
"""

import sys

from builtin_base import BUILTINS
from builtins_core import register_core
from builtins_text import register_text
from builtins_atoms import register_atoms
from builtins_db import register_db
from dcg import register_dcg
from machine import Machine, make_catch_clause
from loader import Loader
from prelude import PRELUDE
from errors import Halt


def setup() -> Machine:
    """A machine with the built-ins and the library loaded."""
    if len(BUILTINS) == 0:
        register_core()
        register_text()
        register_atoms()
        register_db()
        register_dcg()
    m = Machine()
    catch = m.db.get("catch", 3)
    catch.add_clause(make_catch_clause(m), True)
    lib = Loader(m, "library")
    lib.library = True
    lib.consult(PRELUDE)
    return m


def run_file(m: Machine, path: str) -> int:
    """Load and run a program file; the exit status."""
    try:
        with open(path) as f:
            text = f.read()
    except OSError:
        sys.stderr.write("ERROR: cannot read file " + path + "\n")
        return 1
    loader = Loader(m, path)
    loader.consult(text)
    if loader.syntax_errors > 0:
        m.flush()
        return 1
    status = loader.run_initialization()
    m.flush()
    return status


def entry_point(argv: list[str]) -> int:
    """Run the Prolog program named by ``argv[1]``."""
    if len(argv) < 2:
        sys.stderr.write("usage: " + argv[0] + " PROGRAM.pl [ARGS...]\n")
        return 2
    m = setup()
    m.argv = argv[2:]
    try:
        return run_file(m, argv[1])
    except Halt as h:
        m.flush()
        return h.status
    except RecursionError:
        m.flush()
        sys.stderr.write("ERROR: resource error: the host stack is exhausted (a term is nested too deeply)\n")
        return 1
    except MemoryError:
        m.flush()
        sys.stderr.write("ERROR: resource error: out of memory\n")
        return 1
    except Exception as err:
        # a bug of the interpreter: still a Prolog-style message and a status
        m.flush()
        sys.stderr.write("ERROR: internal error: " + str(err) + "\n")
        return 3


if __name__ == "__main__":
    sys.exit(entry_point(sys.argv))
