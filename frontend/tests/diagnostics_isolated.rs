//! Diagnostics of programs whose translation has aborted the whole process
//! (a stack overflow, which `catch_unwind` cannot stop): the same checks
//! and snapshots as `diagnostics.rs`, for the programs of
//! `tests/diagnostics/isolated/`, in a test binary of their own so that an
//! abort here does not hide the results of the other diagnostics tests.
//! A program moves back to `tests/diagnostics/` once it is fixed for good.

mod diagnostics_support;
mod pipeline_support;

use pipeline_support::programs_in;
use std::path::PathBuf;

fn isolated_dir() -> PathBuf {
    pipeline_support::crate_dir().join("tests/diagnostics/isolated")
}

/// Runs the check on a thread with a large stack, so that deep but finite
/// recursion in the frontend is not mistaken for an endless one.
fn check(name: &'static str) {
    let outcome = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || diagnostics_support::check(&isolated_dir(), name))
        .expect("spawn a checking thread")
        .join();
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

macro_rules! isolated_tests {
    ($($name:ident),* $(,)?) => {
        /// Every program of `tests/diagnostics/isolated/` has a test.
        const PROGRAMS: &[&str] = &[$(stringify!($name)),*];
        $(
            #[test]
            fn $name() {
                check(stringify!($name));
            }
        )*
    };
}

isolated_tests!(
    dict_contains_itself,
    list_contains_itself,
    list_contains_itself_indirect
);

#[test]
fn every_program_has_a_test() {
    let found: Vec<String> = programs_in(&isolated_dir())
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    let untested: Vec<&String> = found
        .iter()
        .filter(|n| !PROGRAMS.contains(&n.as_str()))
        .collect();
    let absent: Vec<&&str> = PROGRAMS
        .iter()
        .filter(|n| !found.iter().any(|f| f == *n))
        .collect();
    assert!(
        untested.is_empty() && absent.is_empty(),
        "untested: {untested:?}, absent: {absent:?}"
    );
}
