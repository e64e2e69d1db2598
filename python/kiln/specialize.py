"""Specialisation decorators: ``from kiln import specialize``.

Used as ``@specialize.argtype(0)``, ``@specialize.arg(1)`` or
``@specialize.memo()`` on a module-level function.  They tell the Kiln
translator how to make copies of a function (as RPython's
``rpython.rlib.objectmodel.specialize`` does):

``argtype(*indices)``
    one copy of the function per combination of the static types of the
    arguments at those positions, so a helper can be generic over, e.g., the
    item type of a list;
``arg(*indices)``
    one copy per combination of the constant values passed at those positions
    (every call site must pass constants there);
``memo()``
    the function is evaluated at translation time, once per combination of
    (constant) arguments, and calls are replaced by the results.

Untranslated these decorators change nothing: ``argtype`` and ``arg`` return
the function itself, and ``memo`` returns a wrapper that caches results per
argument tuple, which is what the translated program observes.
"""

from typing import Any, Callable, Dict, Tuple, TypeVar, cast

__all__ = ["argtype", "arg", "memo"]

F = TypeVar("F", bound=Callable[..., Any])


def _check_indices(decorator: str, indices: Tuple[int, ...]) -> None:
    """Reject argument positions that cannot name a parameter.

    Done once, when the decorator is created, so it costs nothing per call.
    """
    if not indices:
        raise TypeError("specialize.%s() needs at least one argument position" % decorator)
    for index in indices:
        if not isinstance(index, int) or isinstance(index, bool) or index < 0:
            raise TypeError(
                "specialize.%s(): argument positions must be non-negative ints, got %r"
                % (decorator, index)
            )


def _identity(func: F) -> F:
    """Return ``func`` unchanged (the untranslated meaning of a hint)."""
    return func


def argtype(*indices: int) -> Callable[[F], F]:
    """``@specialize.argtype(i, ...)``: one translated copy per argument type.

    Untranslated, the decorated function is returned unchanged.
    """
    _check_indices("argtype", indices)
    return _identity


def arg(*indices: int) -> Callable[[F], F]:
    """``@specialize.arg(i, ...)``: one translated copy per constant argument value.

    Untranslated, the decorated function is returned unchanged.
    """
    _check_indices("arg", indices)
    return _identity


def memo() -> Callable[[F], F]:
    """``@specialize.memo()``: evaluate once per argument tuple, at translation time.

    Untranslated, the function is wrapped so that it runs once per distinct
    tuple of (hashable) arguments and later calls return the cached result,
    which is what the translated program sees.  Calls with unhashable
    arguments are passed through uncached.
    """

    def decorate(func: F) -> F:
        cache: Dict[Tuple[Any, ...], Any] = {}

        def memoized(*args: Any) -> Any:
            try:
                return cache[args]
            except KeyError:
                pass
            except TypeError:  # an unhashable argument: nothing to cache on
                return func(*args)
            result = func(*args)
            cache[args] = result
            return result

        memoized.__name__ = getattr(func, "__name__", "memoized")
        memoized.__qualname__ = getattr(func, "__qualname__", memoized.__name__)
        memoized.__doc__ = func.__doc__
        memoized.__module__ = func.__module__
        memoized.__wrapped__ = func  # type: ignore[attr-defined]
        return cast(F, memoized)

    return decorate
