# fuzz: internal error: the lowered IR does not verify: in @entry_point, block1, `v7: str = call @kiln_prelude.list_repr$0(v3)`: operand 1 of `call` must be `list<int>`, got `list<list<int>>`
def entry_point(argv: list[str]) -> int:
    xs = [[]]
    print(xs, len(xs))
    index: dict[str, list[int]] = {}
    return 0
