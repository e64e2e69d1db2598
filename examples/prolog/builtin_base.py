"""The registry of deterministic built-in predicates.

Each built-in is a subclass of ``Builtin`` with a ``name``, an ``arity`` and
a ``call`` method that gets the engine and the (built) argument terms and
returns whether it succeeded.  The compiler turns a call of a registered
name/arity into an OP_BUILTIN instruction with the built-in's number.
Non-deterministic library predicates are written in Prolog (prelude.py).
"""

from terms import Term
from engine import Engine


class Builtin:
    """A deterministic built-in predicate."""

    name = ""
    arity = 0

    def call(self, e: Engine, args: list[Term]) -> bool:
        """Run the built-in; ``False`` means failure."""
        raise NotImplementedError("builtin")


BUILTINS: list[Builtin] = []
BUILTIN_IDS: dict[tuple[str, int], int] = {}


def register(b: Builtin) -> None:
    """Add a built-in to the registry."""
    BUILTIN_IDS[(b.name, b.arity)] = len(BUILTINS)
    BUILTINS.append(b)
