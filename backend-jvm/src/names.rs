//! Legal JVM names for whatever the IR calls things.
//!
//! JVM class, method and field names may hold any character but `. ; [ /`
//! (and `< >` in method names); the empty name is not allowed. Illegal
//! characters are escaped as `$xx$` (hex code point), `$` itself as `$$`, so
//! distinct IR names give distinct JVM names. Method names that Java's own
//! classes give a meaning to (`finalize`, `hashCode`, ...) get a `$` suffix
//! so that a program's method never overrides one by accident.

/// Names of `java.lang.Object`/`Throwable` methods a program method must not
/// override or hide.
const RESERVED_METHODS: &[&str] = &[
    "<init>",
    "<clinit>",
    "clone",
    "equals",
    "finalize",
    "getClass",
    "hashCode",
    "notify",
    "notifyAll",
    "toString",
    "wait",
    "getMessage",
    "getLocalizedMessage",
    "getCause",
    "initCause",
    "fillInStackTrace",
    "getStackTrace",
    "setStackTrace",
    "printStackTrace",
    "addSuppressed",
    "getSuppressed",
    "main",
];

/// `name` with the characters the JVM forbids in an unqualified name escaped.
pub fn mangle(name: &str) -> String {
    if name.is_empty() {
        return "$e$".into();
    }
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '.' | ';' | '[' | '/' | '<' | '>' | '\0' => {
                out.push_str(&format!("${:x}$", c as u32));
            }
            '$' => out.push_str("$$"),
            c => out.push(c),
        }
    }
    out
}

/// The JVM name of a virtual method (or class attribute accessor) for the
/// IR method named `name`.
pub fn method_name(name: &str) -> String {
    let m = mangle(name);
    if RESERVED_METHODS.contains(&m.as_str()) {
        format!("{m}$")
    } else {
        m
    }
}

/// The package path for an IR class name: dots separate modules
/// (`mod.Class` gives `mod/Class`), each part mangled.
pub fn class_path(name: &str) -> String {
    name.split('.').map(mangle).collect::<Vec<_>>().join("/")
}

/// A file's stem as a module name usable as a class name (`main` if none).
pub fn module_name(file: Option<&str>) -> String {
    let stem = file
        .and_then(|f| std::path::Path::new(f).file_stem())
        .and_then(|s| s.to_str())
        .unwrap_or("main");
    let m = mangle(stem);
    if m.is_empty() {
        "main".into()
    } else {
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn illegal_characters_are_escaped_reversibly() {
        assert_eq!(mangle("plain_name"), "plain_name");
        assert_eq!(mangle("a.b"), "a$2e$b");
        assert_eq!(mangle("a$2e$b"), "a$$2e$$b");
        assert_eq!(mangle("<init>"), "$3c$init$3e$");
        assert_eq!(mangle("x/y;z[w"), "x$2f$y$3b$z$5b$w");
        assert_eq!(mangle("héllo"), "héllo");
        assert_eq!(mangle(""), "$e$");
    }

    #[test]
    fn methods_named_like_java_object_methods_are_renamed() {
        assert_eq!(method_name("finalize"), "finalize$");
        assert_eq!(method_name("hashCode"), "hashCode$");
        assert_eq!(method_name("speak"), "speak");
    }

    #[test]
    fn modules_and_classes() {
        assert_eq!(class_path("mod.Node"), "mod/Node");
        assert_eq!(module_name(Some("/x/047_calc.py")), "047_calc");
        assert_eq!(module_name(None), "main");
    }
}
