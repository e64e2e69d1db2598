//! The loader's and the builder's errors: one test per construct outside
//! Kiln Python and per error the builder reports, each checking the kind,
//! the message and the `line:col` of the first diagnostic; and programs on
//! the edge of the unassigned-local rule that must be accepted.

use frontend::flow::build::build;
use frontend::load::load_program_partial;
use frontend::ErrorKind;
use std::path::PathBuf;

/// A fresh directory for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kiln-flow-errors-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

/// One diagnostic as (kind, message, line, column).
type Found = (ErrorKind, String, u32, u32);

/// Writes `files` (name, text) into a scratch directory, then loads and
/// builds the first one; returns every diagnostic, located.
fn diagnostics_of(test: &str, files: &[(&str, &str)]) -> Vec<Found> {
    let dir = scratch(test);
    for (name, text) in files {
        std::fs::write(dir.join(name), text).expect("write source");
    }
    let (loaded, mut diags) = load_program_partial(&dir.join(files[0].0));
    if diags.is_empty() {
        if let Err(d) = build(&loaded) {
            diags = d;
        }
    }
    let found = diags
        .iter()
        .map(|d| {
            let (line, col) = loaded
                .sources
                .files
                .get(d.span.file)
                .map_or((0, 0), |f| f.line_col(d.span.start));
            (d.kind, d.message.clone(), line, col)
        })
        .collect();
    let _ = std::fs::remove_dir_all(&dir);
    found
}

/// The diagnostics of a one-file program.
fn diagnostics(test: &str, source: &str) -> Vec<Found> {
    diagnostics_of(test, &[("main.py", source)])
}

/// Asserts that the first diagnostic of `source` is `kind` with `message`
/// at `line:col`.
fn assert_error(test: &str, source: &str, kind: ErrorKind, message: &str, line: u32, col: u32) {
    let found = diagnostics(test, source);
    let first = found
        .first()
        .unwrap_or_else(|| panic!("{test}: no diagnostic for:\n{source}"));
    assert_eq!(
        (first.0, first.1.as_str(), first.2, first.3),
        (kind, message, line, col),
        "{test}: all diagnostics: {found:#?}"
    );
}

fn assert_clean(test: &str, source: &str) {
    let found = diagnostics(test, source);
    assert!(
        found.is_empty(),
        "{test}: unexpected diagnostics: {found:#?}"
    );
}

/// Tests of constructs outside the subset: name, source, message, line, column.
macro_rules! unsupported_tests {
    ($($name:ident: $src:expr, $msg:expr, $line:expr, $col:expr;)*) => {
        $(
            #[test]
            fn $name() {
                assert_error(stringify!($name), $src, ErrorKind::Unsupported, $msg, $line, $col);
            }
        )*
    };
}

unsupported_tests! {
    lambda:
        "def f():\n    g = lambda x: x\n",
        "lambda is not in Kiln Python: use a module-level function", 2, 9;
    generator_yield:
        "def f(n):\n    yield n\n",
        "generators (`yield`) are not in Kiln Python: build and return a list", 2, 5;
    generator_yield_from:
        "def f(xs):\n    yield from xs\n",
        "`yield from` is not in Kiln Python (generators are not in the subset): build and return a list", 2, 5;
    generator_expression:
        "def f(xs):\n    return sum((x for x in xs))\n",
        "generator expressions are not in Kiln Python: use a list comprehension `[...]`", 2, 16;
    nested_function:
        "def f():\n    def g():\n        pass\n",
        "nested functions and closures are not in Kiln Python: define the function at module level and pass it what it needs", 2, 9;
    nested_class_in_function:
        "def f():\n    class C:\n        pass\n",
        "nested classes are not in Kiln Python: define the class at module level", 2, 11;
    nested_class_in_class:
        "class A:\n    class B:\n        pass\n",
        "nested classes are not in Kiln Python: define the class at module level", 2, 11;
    function_in_module_block:
        "if True:\n    def f():\n        pass\n",
        "a function defined inside a module-level block is not in Kiln Python: define it at the top level of the module", 2, 9;
    class_in_module_block:
        "for i in range(2):\n    class C:\n        pass\n",
        "a class defined inside a module-level block is not in Kiln Python: define it at the top level of the module", 2, 11;
    nonlocal_statement:
        "def f():\n    nonlocal x\n",
        "`nonlocal` is not in Kiln Python (nested functions and closures are not in the subset)", 2, 5;
    star_args_parameter:
        "def f(a, *args):\n    pass\n",
        "`*args` parameters are not in Kiln Python: pass a list", 1, 10;
    kwargs_parameter:
        "def f(a, **kw):\n    pass\n",
        "`**kwargs` parameters are not in Kiln Python: use named parameters with defaults", 1, 10;
    keyword_only_parameter:
        "def f(a, *, b):\n    pass\n",
        "keyword-only parameters (after `*`) are not in Kiln Python: use ordinary parameters", 1, 13;
    positional_only_parameter:
        "def f(a, /, b):\n    pass\n",
        "positional-only parameters (`/`) are not in Kiln Python: remove the `/`", 1, 7;
    star_args_at_call:
        "def f(xs):\n    print(*xs)\n",
        "`*` arguments in a call are not in Kiln Python: pass the arguments one by one", 2, 11;
    kwargs_at_call:
        "def f(d):\n    print(**d)\n",
        "`**` arguments in a call are not in Kiln Python: pass keyword arguments by name", 2, 11;
    multiple_inheritance:
        "class A:\n    pass\nclass B:\n    pass\nclass C(A, object, B):\n    pass\n",
        "multiple inheritance is not in Kiln Python: a class has one base class (besides `object`)", 5, 20;
    metaclass_keyword:
        "class M:\n    pass\nclass C(metaclass=M):\n    pass\n",
        "class keywords (`metaclass=...`) are not in Kiln Python: metaclasses are not in the subset", 3, 9;
    class_base_not_a_name:
        "def base():\n    return object\nclass C(base()):\n    pass\n",
        "a base class must be a class name (`Base` or `module.Base`) in Kiln Python", 3, 9;
    class_decorator:
        "def dec(c):\n    return c\n@dec\nclass C:\n    pass\n",
        "class decorators are not in Kiln Python", 3, 1;
    other_decorator:
        "def cache(f):\n    return f\n@cache\ndef f():\n    pass\n",
        "decorator `@cache` is not in Kiln Python: only `@staticmethod`, `@elidable`, `@dont_look_inside`, `@unroll_safe` and `@specialize.argtype/arg/memo` are", 3, 1;
    classmethod_decorator:
        "class C:\n    @classmethod\n    def make(cls):\n        return cls()\n",
        "decorator `@classmethod` is not in Kiln Python: only `@staticmethod`, `@elidable`, `@dont_look_inside`, `@unroll_safe` and `@specialize.argtype/arg/memo` are", 2, 5;
    staticmethod_outside_class:
        "@staticmethod\ndef f():\n    pass\n",
        "`@staticmethod` outside a class is not in Kiln Python: remove it", 1, 1;
    decorator_argument_not_literal:
        "from kiln import specialize\nN = 0\n@specialize.arg(N)\ndef f(x):\n    return x\n",
        "a decorator argument must be a literal in Kiln Python", 3, 17;
    async_function:
        "async def f():\n    pass\n",
        "`async` is not in Kiln Python", 1, 1;
    await_expression:
        "def f(x):\n    return await x\n",
        "`await` is not in Kiln Python (`async` is not in the subset)", 2, 12;
    match_statement:
        "def f(x):\n    match x:\n        case 1:\n            pass\n",
        "`match` is not in Kiln Python: use `if`/`elif`", 2, 5;
    set_display:
        "def f():\n    return {1, 2}\n",
        "set displays are not in Kiln Python (sets are not in the subset): use a dict or a list", 2, 12;
    set_comprehension:
        "def f(xs):\n    return {x for x in xs}\n",
        "set comprehensions are not in Kiln Python (sets are not in the subset): use a dict or a list", 2, 12;
    dict_comprehension:
        "def f(xs):\n    return {x: 1 for x in xs}\n",
        "dict comprehensions are not in Kiln Python: fill the dict in a `for` loop", 2, 12;
    walrus:
        "def f(x):\n    if (y := x):\n        pass\n",
        "assignment expressions (`:=`) are not in Kiln Python: assign in a statement of its own", 2, 9;
    except_star:
        "def f():\n    try:\n        pass\n    except* ValueError:\n        pass\n",
        "`except*` is not in Kiln Python: use `except`", 2, 5;
    bytes_literal:
        "X = b\"abc\"\n",
        "bytes literals are not in Kiln Python (`bytes` is not in the subset): use `str`", 1, 5;
    complex_literal:
        "X = 2j\n",
        "complex numbers are not in Kiln Python", 1, 5;
    int_literal_too_large:
        "X = 9223372036854775808\n",
        "this integer literal does not fit in 64 bits: Kiln Python's `int` is 64-bit signed", 1, 5;
    template_string:
        "X = t\"hi\"\n",
        "template strings (`t\"...\"`) are not in Kiln Python: use an f-string", 1, 5;
    starred_target:
        "def f(xs):\n    a, *rest = xs\n",
        "starred assignment targets (`a, *rest = ...`) are not in Kiln Python: unpack a fixed number of items or slice", 2, 5;
    starred_in_display:
        "def f(xs):\n    return [0, *xs]\n",
        "`*` unpacking in a display is not in Kiln Python: use `+` or a loop", 2, 16;
    dict_unpacking:
        "def f(d):\n    return {**d}\n",
        "`**` unpacking in a dict display is not in Kiln Python: copy the items in a loop", 2, 15;
    raise_from:
        "def f():\n    raise ValueError(\"x\") from None\n",
        "`raise ... from ...` is not in Kiln Python: raise the exception alone", 2, 32;
    with_not_open:
        "def f(lock):\n    with lock:\n        pass\n",
        "`with` is only for `open(...)` in Kiln Python: use `try`/`finally` for other clean-up", 2, 10;
    with_rebound_open:
        "def open(p):\n    return p\ndef f(p):\n    with open(p) as x:\n        pass\n",
        "`with` is only for `open(...)` in Kiln Python: use `try`/`finally` for other clean-up", 4, 10;
    import_in_function:
        "def f():\n    import math\n",
        "`import` inside a function is not in Kiln Python: import at the top level of the module", 2, 5;
    import_in_module_block:
        "if True:\n    import math\n",
        "`import` inside a module-level block is not in Kiln Python: import at the top level of the module", 2, 5;
    relative_import:
        "from . import sibling\n",
        "relative imports are not in Kiln Python: import a module of the program's directory by its name", 1, 1;
    import_star:
        "from math import *\n",
        "`from module import *` is not in Kiln Python: import the names you use", 1, 18;
    matrix_multiply:
        "def f(a, b):\n    return a @ b\n",
        "the `@` operator is not in Kiln Python", 2, 12;
    ellipsis_value:
        "X = ...\nY = X\n",
        "`...` as a value is not in Kiln Python", 1, 5;
    del_attribute:
        "def f(o):\n    del o.attr\n",
        "`del` of an attribute is not in Kiln Python: an instance keeps its attributes", 2, 9;
    del_module_name:
        "X = 1\ndel X\n",
        "`del` of a module-level name is not in Kiln Python", 2, 5;
    class_body_statement:
        "class C:\n    if True:\n        X = 1\n",
        "only methods and class attributes (`NAME = value`) may appear in a class body in Kiln Python", 2, 5;
    mutable_default:
        "def f(xs=[]):\n    return xs\n",
        "a default argument must be a literal or a module-level name in Kiln Python", 1, 10;
    nested_format_spec:
        "def f(x, w):\n    return f\"{x:{w}}\"\n",
        "a nested `{...}` in an f-string format spec is not in Kiln Python: the spec must be constant", 2, 17;
    multi_dimensional_slice:
        "def f(x):\n    return x[1:2, 3]\n",
        "a slice inside a tuple index (`x[a:b, c]`) is not in Kiln Python", 2, 14;
    type_alias:
        "type Number = int\n",
        "`type` aliases are not in Kiln Python", 1, 1;
    type_parameters:
        "def first[T](xs: list[T]) -> T:\n    return xs[0]\n",
        "type parameters (`[T]`) are not in Kiln Python: types are inferred", 1, 10;
    method_without_self:
        "class C:\n    def m():\n        pass\n",
        "method `m` has no `self` parameter: a method's first parameter is its receiver (use `@staticmethod` for a method without one)", 2, 9;
    bare_raise_outside_handler:
        "def f():\n    raise\n",
        "a bare `raise` outside an `except` handler is not in Kiln Python: there is no exception to re-raise", 2, 5;
}

/// The message for a local read before its assignment.
fn unassigned(name: &str) -> String {
    format!("local variable `{name}` may be used before it is assigned")
}

#[test]
fn unassigned_after_if_without_else() {
    let src = "def f(n):\n    if n > 0:\n        x = 1\n    return x\n";
    assert_error("if_no_else", src, ErrorKind::Name, &unassigned("x"), 4, 12);
}

#[test]
fn unassigned_read_before_assignment_in_loop() {
    let src = "def f(n):\n    while n > 0:\n        print(y)\n        y = n\n        n -= 1\n";
    assert_error(
        "loop_read_first",
        src,
        ErrorKind::Name,
        &unassigned("y"),
        3,
        15,
    );
}

#[test]
fn unassigned_when_a_loop_iteration_skips_the_assignment() {
    let src = "def f(xs):\n    for x in xs:\n        if x > 0:\n            y = x\n    return y\n";
    assert_error("loop_skips", src, ErrorKind::Name, &unassigned("y"), 5, 12);
}

#[test]
fn unassigned_after_break_before_assignment() {
    let src = "def f(xs):\n    for x in xs:\n        if x:\n            break\n        y = x\n    return y\n";
    assert_error("break_first", src, ErrorKind::Name, &unassigned("y"), 6, 12);
}

#[test]
fn unassigned_exception_name_after_handler() {
    let src = "def f():\n    try:\n        pass\n    except ValueError as e:\n        pass\n    return e\n";
    assert_error("except_as", src, ErrorKind::Name, &unassigned("e"), 6, 12);
}

#[test]
fn unassigned_after_del() {
    let src = "def f():\n    x = 1\n    del x\n    return x\n";
    assert_error("after_del", src, ErrorKind::Name, &unassigned("x"), 4, 12);
}

#[test]
fn unassigned_in_finally_when_the_body_raises() {
    let src = "def f(s):\n    try:\n        v = int(s)\n    finally:\n        print(v)\n";
    assert_error(
        "finally_read",
        src,
        ErrorKind::Name,
        &unassigned("v"),
        5,
        15,
    );
}

#[test]
fn unassigned_local_shadowing_a_global() {
    let src = "X = 1\ndef f():\n    print(X)\n    X = 2\n";
    assert_error(
        "shadow_global",
        src,
        ErrorKind::Name,
        &unassigned("X"),
        3,
        11,
    );
}

#[test]
fn unassigned_has_a_note_and_is_reported_once_per_local() {
    let dir = scratch("note");
    let path = dir.join("main.py");
    std::fs::write(
        &path,
        "def f(n):\n    if n:\n        x = 1\n    print(x)\n    return x\n",
    )
    .expect("write");
    let (loaded, diags) = load_program_partial(&path);
    assert!(diags.is_empty());
    let diags = build(&loaded).expect_err("the read of x is an error");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0].label, "read here");
    assert!(
        diags[0].notes[0].contains("`x` is assigned somewhere in `f`"),
        "{:?}",
        diags[0].notes
    );
}

#[test]
fn accepted_when_every_path_assigns() {
    assert_clean(
        "every_path",
        "def f(n, s, xs):\n    if n > 0:\n        a = 1\n    elif n < 0:\n        a = 2\n    else:\n        a = 3\n    try:\n        b = int(s)\n    except ValueError:\n        b = 0\n    try:\n        c = int(s)\n    except ValueError:\n        return 0\n    else:\n        c += 1\n    while n > 0:\n        d = n\n        print(d)\n        n -= 1\n    for x in xs:\n        e = x\n        print(e)\n    with open(s) as fh:\n        g = fh.read()\n    return a + b + c + len(g)\n",
    );
}

#[test]
fn accepted_reads_after_loops_that_assign() {
    assert_clean(
        "after_loops",
        "def f(words, n):\n    for w in words:\n        if w:\n            break\n    print(w)\n    while n > 0:\n        y = n\n        n -= 1\n    print(y)\n    for i, v in enumerate(words):\n        pass\n    return i\n",
    );
}

#[test]
fn accepted_assignment_in_raising_branch() {
    assert_clean(
        "raising_branch",
        "def f(n):\n    if n > 0:\n        x = n\n    else:\n        raise ValueError(\"n\")\n    return x\n",
    );
}

#[test]
fn syntax_error_has_the_parsers_message() {
    assert_error(
        "syntax",
        "def f(:\n    pass\n",
        ErrorKind::Syntax,
        "syntax error: Expected a parameter or the end of the parameter list",
        1,
        7,
    );
}

#[test]
fn syntax_errors_in_every_module_are_reported() {
    let found = diagnostics_of(
        "syntax_two",
        &[
            ("main.py", "import helper\nx = (1\n"),
            ("helper.py", "y = ]\n"),
        ],
    );
    let kinds: Vec<ErrorKind> = found.iter().map(|f| f.0).collect();
    assert!(
        kinds.len() >= 2 && kinds.iter().all(|k| *k == ErrorKind::Syntax),
        "{found:#?}"
    );
}

#[test]
fn missing_module() {
    assert_error(
        "missing",
        "import os\nimport nowhere_to_be_found\n",
        ErrorKind::Name,
        "no module named 'nowhere_to_be_found'",
        2,
        8,
    );
}

#[test]
fn missing_module_in_from_import() {
    assert_error(
        "missing_from",
        "def f():\n    pass\nfrom kiln.nothing import x\n",
        ErrorKind::Name,
        "no module named 'kiln.nothing'",
        3,
        6,
    );
}

#[test]
fn unreadable_main_file() {
    let dir = scratch("unreadable");
    let (_, diags) = load_program_partial(&dir.join("absent.py"));
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].kind, ErrorKind::Io);
    assert!(
        diags[0].message.starts_with("cannot read "),
        "{}",
        diags[0].message
    );
}

#[test]
fn circular_imports_load_each_module_once() {
    let dir = scratch("circular");
    std::fs::write(dir.join("main.py"), "import a\n").expect("write");
    std::fs::write(dir.join("a.py"), "import b\nimport main\n").expect("write");
    std::fs::write(dir.join("b.py"), "import a\n").expect("write");
    let (loaded, diags) = load_program_partial(&dir.join("main.py"));
    let _ = std::fs::remove_dir_all(&dir);
    assert!(diags.is_empty(), "{diags:?}");
    let names: Vec<&str> = loaded.modules.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["main", "a", "b"]);
}

#[test]
fn return_outside_function() {
    assert_error(
        "return_module",
        "X = 1\nreturn X\n",
        ErrorKind::Syntax,
        "`return` outside function",
        2,
        1,
    );
}

#[test]
fn break_outside_loop() {
    assert_error(
        "break_outside",
        "def f():\n    break\n",
        ErrorKind::Syntax,
        "`break` outside loop",
        2,
        5,
    );
}

#[test]
fn continue_outside_loop() {
    assert_error(
        "continue_outside",
        "def f():\n    continue\n",
        ErrorKind::Syntax,
        "`continue` outside loop",
        2,
        5,
    );
}

#[test]
fn global_parameter() {
    assert_error(
        "global_param",
        "def f(x):\n    global x\n",
        ErrorKind::Syntax,
        "name 'x' is parameter and global",
        2,
        12,
    );
}

#[test]
fn name_bound_twice_at_module_level() {
    assert_error(
        "bound_twice",
        "def f():\n    pass\nf = 3\n",
        ErrorKind::Name,
        "`f` is bound twice at module level, as a function and as a variable: a module-level name has one meaning in Kiln Python",
        3,
        1,
    );
}

#[test]
fn default_not_a_module_level_name() {
    assert_error(
        "default_name",
        "def f(x=UNKNOWN):\n    return x\n",
        ErrorKind::Name,
        "default value `UNKNOWN` is not a module-level name of this module",
        1,
        9,
    );
}

#[test]
fn method_defined_twice() {
    assert_error(
        "method_twice",
        "class C:\n    def m(self):\n        pass\n    def m(self):\n        pass\n",
        ErrorKind::Name,
        "method `m` is defined twice in class `C`",
        4,
        9,
    );
}

#[test]
fn too_deeply_nested_expression() {
    let src = format!("X = {}1{}\n", "(".repeat(300), ")".repeat(300));
    let found = diagnostics("deep", &src);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].0, ErrorKind::Syntax);
    assert!(
        found[0].1.starts_with("expression nested too deeply"),
        "{}",
        found[0].1
    );
}

#[test]
fn too_many_indentation_levels() {
    let mut src = String::new();
    for depth in 0..110 {
        src.push_str(&"    ".repeat(depth));
        src.push_str("if True:\n");
    }
    src.push_str(&"    ".repeat(110));
    src.push_str("pass\n");
    let found = diagnostics("indent", &src);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].1, "too many levels of indentation (at most 100)");
}

#[test]
fn every_unsupported_construct_is_reported_in_one_run() {
    let src = "def f(xs, *a):\n    g = lambda: 0\n    s = {1}\n    return [y for y in xs]\n\nclass A:\n    pass\nclass B:\n    pass\nclass C(A, B):\n    pass\n";
    let found = diagnostics("many", src);
    let lines: Vec<u32> = found.iter().map(|f| f.2).collect();
    assert_eq!(lines, [1, 2, 3, 10], "{found:#?}");
}

#[test]
fn main_guard_is_skipped_in_either_form() {
    for guard in [
        "if __name__ == \"__main__\":",
        "if __name__ == '__main__':",
        "if '__main__' == __name__:",
        "if \"__main__\" == __name__:",
    ] {
        let src = format!("def entry_point(argv):\n    return 0\n{guard}\n    import sys\n    f = lambda: 0\n    sys.exit(entry_point(sys.argv))\n");
        assert_clean("main_guard", &src);
    }
}

#[test]
fn other_name_tests_are_not_main_guards() {
    let src = "if __name__ != \"__main__\":\n    f = lambda: 0\n";
    assert_error(
        "not_main_guard",
        src,
        ErrorKind::Unsupported,
        "lambda is not in Kiln Python: use a module-level function",
        2,
        9,
    );
}
