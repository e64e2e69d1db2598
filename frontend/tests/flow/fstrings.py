def forms(x: int, y: float, s: str) -> None:
    print(f"x={x} y={y:.3f} s={s!r:>8}")
    print(f"plain")
    print("a" "b" f"{x}" "c")
    print(f"{x=}", f"{y = :.1f}")
    print(f"{{braces}} {x:d}%")
