//! The run-time support every assembly carries, written in the runtime
//! language ([`crate::rtlang`]): str operations with code-point semantics
//! (`text.krt`), Python number semantics (`num.krt`), float and int
//! formatting and parsing (`fmt.krt`), streams and files (`io.krt`),
//! exceptions and `Str` (`core.krt`), scalar dict keys (`keys.krt`), and
//! the templates of list and dict classes (`list.krt`, `dict.krt`,
//! `dict_views.krt`) instantiated per item type by the lowering.

pub mod unicode_data;

/// The fixed sources, compiled into every assembly.
pub const FIXED: [(&str, &str); 6] = [
    ("core.krt", include_str!("core.krt")),
    ("text.krt", include_str!("text.krt")),
    ("num.krt", include_str!("num.krt")),
    ("fmt.krt", include_str!("fmt.krt")),
    ("io.krt", include_str!("io.krt")),
    ("keys.krt", include_str!("keys.krt")),
];

/// The list template (`$L`: class name, `$T`: item type).
pub const LIST: &str = include_str!("list.krt");

/// The dict template (`$D`, `$K`, `$V`, `$KO`: key operations class).
pub const DICT: &str = include_str!("dict.krt");

/// Optional dict methods, in sections `//#keys`, `//#values`, `//#items`.
pub const DICT_VIEWS: &str = include_str!("dict_views.krt");
