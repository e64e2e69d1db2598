"""The ``kiln`` hint package: what Kiln Python interpreters import.

An interpreter written in Kiln Python (see ``SUBSET.md``, section "Hints") is
ordinary Python.  It imports its translation hints from this package::

    from kiln.jit import JitDriver, promote, elidable, dont_look_inside
    from kiln.jit import unroll_safe, we_are_jitted, hint
    from kiln.rarith import ovfcheck, intmask, r_uint
    from kiln import specialize

The Kiln toolchain recognises these names and gives them their meaning when it
translates the program (JIT merge points, constant promotion, overflow-checked
arithmetic, specialisation).  When the same source runs *untranslated* on
CPython or PyPy, this package supplies stand-ins that behave the way the
translated program does:

* the JIT hints (:mod:`kiln.jit`) do nothing and cost (next to) nothing;
* the arithmetic helpers (:mod:`kiln.rarith`) compute exactly what 64-bit
  machine arithmetic computes after translation;
* the specialisation decorators (:mod:`kiln.specialize`) return the decorated
  function itself.

The package is pure Python, depends only on the standard library, and runs on
CPython 3.9+ and PyPy 3.9+.
"""

from kiln import jit as jit
from kiln import rarith as rarith
from kiln import specialize as specialize

__all__ = ["jit", "rarith", "specialize"]
