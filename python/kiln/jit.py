"""JIT hints: ``from kiln.jit import JitDriver, promote, ...``.

These names tell the Kiln translator how to build a meta-tracing JIT from an
interpreter, as RPython's ``rpython.rlib.jit`` does:

``JitDriver(greens=[...], reds=[...], get_printable_location=fn)``
    declares the interpreter's main (dispatch) loop.  ``jit_merge_point``
    marks the top of the loop and ``can_enter_jit`` a backward jump of the
    interpreted program; both are called with every variable live across the
    loop as keyword arguments.
``promote(x)`` / ``hint(x, promote=True)``
    make the JIT treat a value as a constant (guarding on it).
``@elidable``, ``@dont_look_inside``, ``@unroll_safe``
    function properties for the JIT (pure; do not trace into; loops may be
    unrolled).
``we_are_jitted()``
    ``True`` only in JIT-compiled code.

Untranslated (on CPython or PyPy) every hint is a no-op that costs nothing
measurable: functions return their argument, decorators return the function
itself, and a driver's ``jit_merge_point``/``can_enter_jit`` only check, on
their first call, that they name exactly the declared greens and reds (the
mistake the translator would report), then become empty functions.
"""

import keyword
from typing import Any, Callable, FrozenSet, List, Optional, Sequence, TypeVar, Union

__all__ = [
    "JitDriver",
    "promote",
    "hint",
    "elidable",
    "dont_look_inside",
    "unroll_safe",
    "we_are_jitted",
]

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


def _ignore(**live_variables: Any) -> None:
    """What a merge point does untranslated, once it has been checked: nothing."""


def _check_names(what: str, names: Sequence[str]) -> List[str]:
    """Validate a list of green or red variable names; return it as a list."""
    if isinstance(names, str):
        raise TypeError("JitDriver: %s must be a list of variable names, not a string" % what)
    result = list(names)
    for name in result:
        if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name):
            raise TypeError("JitDriver: %s: %r is not a variable name" % (what, name))
    if len(set(result)) != len(result):
        raise TypeError("JitDriver: %s name a variable twice: %r" % (what, result))
    return result


class JitDriver:
    """Declares an interpreter's main loop (one driver per dispatch loop).

    ``greens`` are the variables that identify a position in the interpreted
    program (they are constants in a trace); ``reds`` are all the other
    variables live across the loop, or the string ``"auto"`` to let the
    translator find them.  ``get_printable_location(*greens)`` returns a
    human-readable description of a position, used in JIT logs.  The other
    keyword arguments are those of RPython's ``JitDriver``; they are kept as
    attributes and otherwise ignored untranslated.

    ``jit_merge_point(**live)`` and ``can_enter_jit(**live)`` are attributes
    holding functions, so calling them is as cheap as a call can be.  The first
    call of each checks that its keyword arguments are exactly the greens and
    reds (with ``reds="auto"``: that every green is given), raising
    ``TypeError`` otherwise; later calls do nothing.  Pass
    ``check_untranslated=False`` to skip even that first check.
    """

    greens: List[str]
    reds: List[str]
    auto_reds: bool
    jit_merge_point: Callable[..., None]
    can_enter_jit: Callable[..., None]

    def __init__(
        self,
        greens: Optional[Sequence[str]] = None,
        reds: Union[Sequence[str], str, None] = None,
        get_printable_location: Optional[Callable[..., str]] = None,
        *,
        virtualizables: Optional[Sequence[str]] = None,
        confirm_enter_jit: Optional[Callable[..., bool]] = None,
        can_never_inline: Optional[Callable[..., bool]] = None,
        should_unroll_one_iteration: Optional[Callable[..., bool]] = None,
        get_unique_id: Optional[Callable[..., int]] = None,
        get_location: Optional[Callable[..., Any]] = None,
        name: str = "jitdriver",
        is_recursive: bool = False,
        vectorize: bool = False,
        check_untranslated: bool = True,
    ) -> None:
        self.greens = _check_names("greens", greens if greens is not None else [])
        if reds == "auto":
            self.auto_reds = True
            self.reds = []
        elif isinstance(reds, str):
            raise TypeError('JitDriver: reds must be a list of variable names or "auto"')
        else:
            self.auto_reds = False
            self.reds = _check_names("reds", reds if reds is not None else [])
        both = set(self.greens) & set(self.reds)
        if both:
            raise TypeError("JitDriver: %s both green and red" % sorted(both))
        self.virtualizables = _check_names(
            "virtualizables", virtualizables if virtualizables is not None else []
        )
        for v in self.virtualizables:
            if not self.auto_reds and v not in self.reds:
                raise TypeError("JitDriver: virtualizable %r is not a red variable" % v)
        for hook_name, hook in (
            ("get_printable_location", get_printable_location),
            ("confirm_enter_jit", confirm_enter_jit),
            ("can_never_inline", can_never_inline),
            ("should_unroll_one_iteration", should_unroll_one_iteration),
            ("get_unique_id", get_unique_id),
            ("get_location", get_location),
        ):
            if hook is not None and not callable(hook):
                raise TypeError("JitDriver: %s must be a function" % hook_name)
        self.get_printable_location = get_printable_location
        self.confirm_enter_jit = confirm_enter_jit
        self.can_never_inline = can_never_inline
        self.should_unroll_one_iteration = should_unroll_one_iteration
        self.get_unique_id = get_unique_id
        self.get_location = get_location
        self.name = name
        self.is_recursive = is_recursive
        self.vectorize = vectorize
        self.check_untranslated = check_untranslated
        self._names: FrozenSet[str] = frozenset(self.greens) | frozenset(self.reds)
        if check_untranslated:
            self.jit_merge_point = self._first_jit_merge_point
            self.can_enter_jit = self._first_can_enter_jit
        else:
            self.jit_merge_point = _ignore
            self.can_enter_jit = _ignore

    def __repr__(self) -> str:
        reds = '"auto"' if self.auto_reds else repr(self.reds)
        return "JitDriver(name=%r, greens=%r, reds=%s)" % (self.name, self.greens, reds)

    def _check_live(self, method: str, live: Any) -> None:
        """Raise TypeError unless ``live`` names exactly the greens and reds."""
        given = frozenset(live)
        if self.auto_reds:
            missing = sorted(frozenset(self.greens) - given)
            if missing:
                raise TypeError("%s() must name every green variable; missing %s" % (method, missing))
            return
        if given != self._names:
            raise TypeError(
                "%s() must name exactly the greens %s and reds %s; missing %s, unexpected %s"
                % (
                    method,
                    self.greens,
                    self.reds,
                    sorted(self._names - given),
                    sorted(given - self._names),
                )
            )

    def _first_jit_merge_point(self, **live: Any) -> None:
        """First call of ``jit_merge_point``: check the names, then become a no-op."""
        self._check_live("jit_merge_point", live)
        self.jit_merge_point = _ignore

    def _first_can_enter_jit(self, **live: Any) -> None:
        """First call of ``can_enter_jit``: check the names, then become a no-op."""
        self._check_live("can_enter_jit", live)
        self.can_enter_jit = _ignore


def promote(x: T) -> T:
    """Make the JIT treat ``x`` as a constant (it guards on the value); returns ``x``."""
    return x


def hint(x: T, **hints: Any) -> T:
    """Generic hint, e.g. ``hint(x, promote=True)`` (same as ``promote(x)``); returns ``x``.

    Other keywords are accepted and ignored, as by the translator.
    """
    return x


def elidable(func: F) -> F:
    """Decorator: ``func`` is pure, so the JIT may fold calls with constant arguments."""
    return func


def dont_look_inside(func: F) -> F:
    """Decorator: the JIT calls ``func`` instead of tracing into it."""
    return func


def unroll_safe(func: F) -> F:
    """Decorator: the JIT may trace through (unroll) the loops in ``func``."""
    return func


def we_are_jitted() -> bool:
    """``True`` only in JIT-compiled code, so always ``False`` untranslated."""
    return False
