# Helper module of error_in_imported_module: uses an undefined name.


def twice(n: int) -> int:
    return n * factor
