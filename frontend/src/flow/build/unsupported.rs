//! Constructs outside Kiln Python, each with the message that names it and
//! the rule it breaks (SUBSET.md, "Not in the subset" and the rules of the
//! program shape).

use crate::diagnostic::{Diagnostic, ErrorKind};
use crate::source::Span;

/// A construct the builder rejects.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Construct {
    /// `lambda`.
    Lambda,
    /// `yield` (a generator).
    Yield,
    /// `yield from`.
    YieldFrom,
    /// `(x for x in xs)`.
    GeneratorExpression,
    /// `def` inside a function.
    NestedFunction,
    /// `class` inside a function or class.
    NestedClass,
    /// `def` inside a module-level `if`/`for`/`while`/`try`/`with`.
    FunctionInBlock,
    /// `class` inside a module-level `if`/`for`/`while`/`try`/`with`.
    ClassInBlock,
    /// `nonlocal`.
    Nonlocal,
    /// `def f(*args)`.
    VarArgs,
    /// `def f(**kwargs)`.
    KwArgs,
    /// `def f(a, *, b)`.
    KeywordOnly,
    /// `def f(a, /, b)`.
    PositionalOnly,
    /// `f(*xs)`.
    CallStarArgs,
    /// `f(**kw)`.
    CallKwArgs,
    /// `class C(A, B)`.
    MultipleInheritance,
    /// `class C(metaclass=M)`.
    ClassKeywords,
    /// A base class that is not a (dotted) name.
    ClassBase,
    /// A decorator on a class.
    ClassDecorator,
    /// A decorator other than the hints.
    Decorator(String),
    /// `@staticmethod` on a module-level function.
    StaticMethodOutsideClass,
    /// `class C[T]` / `def f[T]`.
    TypeParameters,
    /// `type X = ...`.
    TypeAlias,
    /// `async def`, `async for`, `async with`.
    Async,
    /// `await`.
    Await,
    /// `match`.
    Match,
    /// `{a, b}`.
    SetDisplay,
    /// `{x for x in xs}`.
    SetComprehension,
    /// `{k: v for ...}`.
    DictComprehension,
    /// `x := e`.
    Walrus,
    /// `except*`.
    ExceptStar,
    /// `b"..."`.
    Bytes,
    /// `1j`.
    Complex,
    /// An int literal outside 64 bits.
    IntTooLarge,
    /// A t-string.
    TemplateString,
    /// `*x` in an assignment target.
    StarredTarget,
    /// `*x` in a list, tuple or set display.
    StarredExpression,
    /// `{**d}`.
    DictUnpacking,
    /// `raise E from C`.
    RaiseFrom,
    /// `with` of something other than `open(...)`.
    WithNotOpen,
    /// `import` inside a function.
    ImportInFunction,
    /// `import` inside a module-level block.
    ImportInBlock,
    /// `from . import x`.
    RelativeImport,
    /// `from m import *`.
    ImportStar,
    /// `a @ b`.
    MatrixMultiply,
    /// `...` used as a value.
    EllipsisValue,
    /// `del obj.attr`.
    DelAttribute,
    /// `del` of a module-level name.
    DelGlobal,
    /// A statement other than a method or attribute assignment in a class body.
    ClassBodyStatement,
    /// A default value that is not a literal or module-level name.
    NonConstantDefault,
    /// `f"{x:{w}}"`.
    NestedFormatSpec,
    /// `x[a:b, c]`.
    MultiDimensionalSlice,
    /// An assignment target that is not a name, attribute, item or tuple.
    AssignmentTarget,
    /// A decorator argument that is not a literal.
    DecoratorArgument,
    /// An IPython escape command.
    IpythonEscape,
    /// Nesting deeper than the builder follows.
    TooDeep,
    /// `eval(...)` / `exec(...)`.
    Eval,
    /// `getattr`/`setattr`/`hasattr`/`delattr` with an attribute name that is not a string literal.
    DynamicAttribute,
    /// `getattr(x, "name", default)`.
    GetattrDefault,
}

impl Construct {
    /// The message: what the construct is and what Kiln Python allows instead.
    pub(super) fn message(&self) -> String {
        let s = match self {
            Construct::Lambda => "lambda is not in Kiln Python: use a module-level function",
            Construct::Yield => "generators (`yield`) are not in Kiln Python: build and return a list",
            Construct::YieldFrom => "`yield from` is not in Kiln Python (generators are not in the subset): build and return a list",
            Construct::GeneratorExpression => "generator expressions are not in Kiln Python: use a list comprehension `[...]`",
            Construct::NestedFunction => "nested functions and closures are not in Kiln Python: define the function at module level and pass it what it needs",
            Construct::NestedClass => "nested classes are not in Kiln Python: define the class at module level",
            Construct::FunctionInBlock => "a function defined inside a module-level block is not in Kiln Python: define it at the top level of the module",
            Construct::ClassInBlock => "a class defined inside a module-level block is not in Kiln Python: define it at the top level of the module",
            Construct::Nonlocal => "`nonlocal` is not in Kiln Python (nested functions and closures are not in the subset)",
            Construct::VarArgs => "`*args` parameters are not in Kiln Python: pass a list",
            Construct::KwArgs => "`**kwargs` parameters are not in Kiln Python: use named parameters with defaults",
            Construct::KeywordOnly => "keyword-only parameters (after `*`) are not in Kiln Python: use ordinary parameters",
            Construct::PositionalOnly => "positional-only parameters (`/`) are not in Kiln Python: remove the `/`",
            Construct::CallStarArgs => "`*` arguments in a call are not in Kiln Python: pass the arguments one by one",
            Construct::CallKwArgs => "`**` arguments in a call are not in Kiln Python: pass keyword arguments by name",
            Construct::MultipleInheritance => "multiple inheritance is not in Kiln Python: a class has one base class (besides `object`)",
            Construct::ClassKeywords => "class keywords (`metaclass=...`) are not in Kiln Python: metaclasses are not in the subset",
            Construct::ClassBase => "a base class must be a class name (`Base` or `module.Base`) in Kiln Python",
            Construct::ClassDecorator => "class decorators are not in Kiln Python",
            Construct::Decorator(name) => {
                return format!(
                    "decorator `@{name}` is not in Kiln Python: only `@staticmethod`, `@elidable`, `@dont_look_inside`, `@unroll_safe` and `@specialize.argtype/arg/memo` are"
                )
            }
            Construct::StaticMethodOutsideClass => "`@staticmethod` outside a class is not in Kiln Python: remove it",
            Construct::TypeParameters => "type parameters (`[T]`) are not in Kiln Python: types are inferred",
            Construct::TypeAlias => "`type` aliases are not in Kiln Python",
            Construct::Async => "`async` is not in Kiln Python",
            Construct::Await => "`await` is not in Kiln Python (`async` is not in the subset)",
            Construct::Match => "`match` is not in Kiln Python: use `if`/`elif`",
            Construct::SetDisplay => "set displays are not in Kiln Python (sets are not in the subset): use a dict or a list",
            Construct::SetComprehension => "set comprehensions are not in Kiln Python (sets are not in the subset): use a dict or a list",
            Construct::DictComprehension => "dict comprehensions are not in Kiln Python: fill the dict in a `for` loop",
            Construct::Walrus => "assignment expressions (`:=`) are not in Kiln Python: assign in a statement of its own",
            Construct::ExceptStar => "`except*` is not in Kiln Python: use `except`",
            Construct::Bytes => "bytes literals are not in Kiln Python (`bytes` is not in the subset): use `str`",
            Construct::Complex => "complex numbers are not in Kiln Python",
            Construct::IntTooLarge => "this integer literal does not fit in 64 bits: Kiln Python's `int` is 64-bit signed",
            Construct::TemplateString => "template strings (`t\"...\"`) are not in Kiln Python: use an f-string",
            Construct::StarredTarget => "starred assignment targets (`a, *rest = ...`) are not in Kiln Python: unpack a fixed number of items or slice",
            Construct::StarredExpression => "`*` unpacking in a display is not in Kiln Python: use `+` or a loop",
            Construct::DictUnpacking => "`**` unpacking in a dict display is not in Kiln Python: copy the items in a loop",
            Construct::RaiseFrom => "`raise ... from ...` is not in Kiln Python: raise the exception alone",
            Construct::WithNotOpen => "`with` is only for `open(...)` in Kiln Python: use `try`/`finally` for other clean-up",
            Construct::ImportInFunction => "`import` inside a function is not in Kiln Python: import at the top level of the module",
            Construct::ImportInBlock => "`import` inside a module-level block is not in Kiln Python: import at the top level of the module",
            Construct::RelativeImport => "relative imports are not in Kiln Python: import a module of the program's directory by its name",
            Construct::ImportStar => "`from module import *` is not in Kiln Python: import the names you use",
            Construct::MatrixMultiply => "the `@` operator is not in Kiln Python",
            Construct::EllipsisValue => "`...` as a value is not in Kiln Python",
            Construct::DelAttribute => "`del` of an attribute is not in Kiln Python: an instance keeps its attributes",
            Construct::DelGlobal => "`del` of a module-level name is not in Kiln Python",
            Construct::ClassBodyStatement => "only methods and class attributes (`NAME = value`) may appear in a class body in Kiln Python",
            Construct::NonConstantDefault => "a default argument must be a literal or a module-level name in Kiln Python",
            Construct::NestedFormatSpec => "a nested `{...}` in an f-string format spec is not in Kiln Python: the spec must be constant",
            Construct::MultiDimensionalSlice => "a slice inside a tuple index (`x[a:b, c]`) is not in Kiln Python",
            Construct::AssignmentTarget => "only names, attributes, items, slices and tuples of them can be assigned to",
            Construct::DecoratorArgument => "a decorator argument must be a literal in Kiln Python",
            Construct::IpythonEscape => "IPython escape commands are not Python",
            Construct::TooDeep => "this code is nested too deeply for the translator",
            Construct::Eval => "`eval` and `exec` are not in Kiln Python: a translated program cannot run code it builds at run time",
            Construct::DynamicAttribute => "`getattr`/`setattr` with an attribute name that is not a string literal are not in Kiln Python: the attribute must be known at translation time",
            Construct::GetattrDefault => "`getattr` with a default value is not in Kiln Python: every attribute has a value of one type",
        };
        s.to_string()
    }
}

/// The diagnostic for `construct` at `span`.
pub(super) fn unsupported(construct: &Construct, span: Span) -> Diagnostic {
    Diagnostic::new(ErrorKind::Unsupported, span, construct.message())
        .with_label("not in Kiln Python")
}
