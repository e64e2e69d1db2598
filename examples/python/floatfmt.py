"""Float formatting with a precision chosen at run time.

Kiln Python formats floats only with constant format strings, so each
function selects the constant format for its precision.  The host's
formatting is CPython's (correctly rounded, half-even on exact values).
"""

from errors import value_error


def fixed_body(x: float, p: int) -> str:
    """`%.{p}f` of a non-negative float (Kiln Python needs constant format strings)."""
    if p == 0:
        return "%.0f" % x
    if p == 1:
        return "%.1f" % x
    if p == 2:
        return "%.2f" % x
    if p == 3:
        return "%.3f" % x
    if p == 4:
        return "%.4f" % x
    if p == 5:
        return "%.5f" % x
    if p == 6:
        return "%.6f" % x
    if p == 7:
        return "%.7f" % x
    if p == 8:
        return "%.8f" % x
    if p == 9:
        return "%.9f" % x
    if p == 10:
        return "%.10f" % x
    if p == 11:
        return "%.11f" % x
    if p == 12:
        return "%.12f" % x
    if p == 13:
        return "%.13f" % x
    if p == 14:
        return "%.14f" % x
    if p == 15:
        return "%.15f" % x
    if p == 16:
        return "%.16f" % x
    if p == 17:
        return "%.17f" % x
    if p == 18:
        return "%.18f" % x
    if p == 19:
        return "%.19f" % x
    if p == 20:
        return "%.20f" % x
    raise value_error("precision too big (at most 20 in this interpreter)")


def exp_body(x: float, p: int) -> str:
    """`%.{p}e` of a non-negative float (Kiln Python needs constant format strings)."""
    if p == 0:
        return "%.0e" % x
    if p == 1:
        return "%.1e" % x
    if p == 2:
        return "%.2e" % x
    if p == 3:
        return "%.3e" % x
    if p == 4:
        return "%.4e" % x
    if p == 5:
        return "%.5e" % x
    if p == 6:
        return "%.6e" % x
    if p == 7:
        return "%.7e" % x
    if p == 8:
        return "%.8e" % x
    if p == 9:
        return "%.9e" % x
    if p == 10:
        return "%.10e" % x
    if p == 11:
        return "%.11e" % x
    if p == 12:
        return "%.12e" % x
    if p == 13:
        return "%.13e" % x
    if p == 14:
        return "%.14e" % x
    if p == 15:
        return "%.15e" % x
    if p == 16:
        return "%.16e" % x
    if p == 17:
        return "%.17e" % x
    raise value_error("precision too big (at most 17 in this interpreter)")


def general_body(x: float, p: int) -> str:
    """`%.{p}g` of a non-negative float (Kiln Python needs constant format strings)."""
    if p == 0:
        return "%.0g" % x
    if p == 1:
        return "%.1g" % x
    if p == 2:
        return "%.2g" % x
    if p == 3:
        return "%.3g" % x
    if p == 4:
        return "%.4g" % x
    if p == 5:
        return "%.5g" % x
    if p == 6:
        return "%.6g" % x
    if p == 7:
        return "%.7g" % x
    if p == 8:
        return "%.8g" % x
    if p == 9:
        return "%.9g" % x
    if p == 10:
        return "%.10g" % x
    if p == 11:
        return "%.11g" % x
    if p == 12:
        return "%.12g" % x
    if p == 13:
        return "%.13g" % x
    if p == 14:
        return "%.14g" % x
    if p == 15:
        return "%.15g" % x
    if p == 16:
        return "%.16g" % x
    if p == 17:
        return "%.17g" % x
    raise value_error("precision too big (at most 17 in this interpreter)")
