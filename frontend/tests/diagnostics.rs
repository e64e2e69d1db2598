//! Diagnostics: one program under `tests/diagnostics/` per rule of
//! SUBSET.md's "Not in the subset" list and per kind of type clash or
//! misuse the frontend reports (a program of several modules is a
//! directory `NAME/` with `NAME/main.py`). Each must be rejected, and its
//! rendered diagnostics are snapshotted in `snapshots/diagnostics/NAME.snap`
//! (paths relative to the repository). Read a changed snapshot before
//! accepting it (`cargo insta review`, or `INSTA_UPDATE=always` and
//! `git diff`).
//!
//! Every rejection is also checked for form: each diagnostic has a span
//! inside its file and none points into the prelude or is an internal
//! error; the text starts with `path:line:col: error: message` and draws a
//! caret. Beyond that, a program states what its first diagnostic must say
//! in comment lines (filecheck-style directives, checked before the
//! snapshot, so a weak message fails even before a snapshot exists):
//!
//! * `# error: L:C` where it is (`L` alone: only the line; `file.py:L:C`: in
//!   another module of the program, relative to the main file's directory);
//! * `# kind: K` its [`frontend::ErrorKind`];
//! * `# message: text` (repeatable) text its message contains (the rule
//!   broken, the types involved);
//! * `# origin: L:C` (repeatable, or several separated by commas) a
//!   location it points at, as primary or secondary span: for a clash, both
//!   origins;
//! * `# errors: N` how many diagnostics the program gets in all (no
//!   cascade of follow-on errors).
//!
//! Programs whose translation is known to abort the process (a stack
//! overflow cannot be caught) are kept apart in `tests/diagnostics/isolated/`
//! and run by `diagnostics_isolated.rs`, so that an abort there does not hide
//! the results of these tests.

mod diagnostics_support;
mod pipeline_support;

use pipeline_support::programs_in;
use std::path::PathBuf;

fn diagnostics_dir() -> PathBuf {
    pipeline_support::crate_dir().join("tests/diagnostics")
}

macro_rules! diagnostic_tests {
    ($($name:ident),* $(,)?) => {
        /// Every program of `tests/diagnostics/` has a test.
        const PROGRAMS: &[&str] = &[$(stringify!($name)),*];
        $(
            #[test]
            fn $name() {
                diagnostics_support::check(&diagnostics_dir(), stringify!($name));
            }
        )*
    };
}

diagnostic_tests!(
    attribute_clash_through_base,
    attribute_of_none,
    attribute_never_set,
    attribute_type_change,
    builtin_wrong_type,
    bytes_literal,
    call_non_function,
    clash_across_modules,
    clash_argument_across_calls,
    clash_bound_method_and_function,
    clash_int_float_variable,
    clash_none_with_int,
    clash_parameter_annotation,
    clash_return_annotation,
    clash_return_types,
    clash_variable_int_str,
    class_attribute_clash,
    dict_get_without_default,
    dict_key_list,
    dict_mixed_keys,
    dict_mixed_values,
    dict_value_clash_store,
    entry_point_wrong_result,
    error_in_imported_module,
    index_list_with_str,
    init_returns_value,
    instance_attribute_shadows_class_attribute,
    int_literal_too_big,
    isinstance_not_a_class,
    jit_can_enter_after_loop,
    jit_can_enter_in_other_function,
    jit_can_enter_mismatch,
    jit_can_enter_without_merge_point,
    jit_decorator_called,
    jit_decorator_with_arguments,
    jit_driver_in_function,
    jit_driver_names_not_literal,
    jit_driver_no_greens,
    jit_driver_no_reds,
    jit_green_listed_twice,
    jit_green_reassigned,
    jit_hint_promote_not_literal,
    jit_keyword_expression,
    jit_keyword_other_variable,
    jit_live_variable_not_listed,
    jit_merge_point_in_for_loop,
    jit_merge_point_in_specialized_function,
    jit_merge_point_in_two_functions,
    jit_merge_point_not_in_loop,
    jit_merge_point_positional,
    jit_missing_green,
    jit_missing_red,
    jit_printable_not_a_function,
    jit_printable_not_str,
    jit_printable_specialized,
    jit_printable_wrong_arity,
    jit_printable_wrong_type,
    jit_promote_misuse,
    jit_red_kind_differs,
    jit_too_many_variables,
    jit_two_merge_points,
    jit_undeclared_variable,
    jit_variable_green_and_red,
    jit_variable_not_a_name,
    keyword_given_twice,
    list_item_clash_append,
    list_mixed_items,
    method_wrong_type,
    missing_entry_point,
    missing_module,
    missing_module_from_import,
    operator_instance_less_than,
    operator_list_plus_str,
    operator_str_minus_int,
    operator_str_plus_int,
    percent_format_count_mismatch,
    percent_format_non_constant,
    percent_format_type_mismatch,
    raise_non_exception,
    return_none_from_attribute,
    set_display,
    slice_assign_bad_bound,
    slice_del_bad_step,
    sort_instances,
    sort_with_key,
    specialize_bad_index,
    syntax_error,
    syntax_error_indent,
    syntax_error_unclosed,
    tuple_index_not_constant,
    tuple_item_assignment,
    tuple_unpack_wrong_count,
    unassigned_local,
    unexpected_keyword,
    unknown_attribute,
    unknown_function,
    unknown_method,
    unknown_module_attribute,
    unknown_name,
    unprintable_instance,
    unprintable_instance_in_fstring,
    unsupported_async,
    unsupported_classmethod,
    unsupported_closure,
    unsupported_decorator,
    unsupported_eval,
    unsupported_exec,
    unsupported_getattr_dynamic,
    unsupported_kwargs,
    unsupported_lambda,
    unsupported_match,
    unsupported_metaclass,
    unsupported_multiple_inheritance,
    unsupported_setattr_dynamic,
    unsupported_star_args,
    unsupported_yield,
    wrong_argument_count_constructor,
    wrong_argument_count_method,
    wrong_argument_count_too_few,
    wrong_argument_count_too_many,
);

#[test]
fn every_program_has_a_test() {
    let found = programs_in(&diagnostics_dir());
    let mut problems = Vec::new();
    for (name, _) in &found {
        if !PROGRAMS.contains(&name.as_str()) {
            problems.push(format!("{name}: no test in diagnostics.rs"));
        }
    }
    for name in PROGRAMS {
        if !found.iter().any(|(n, _)| n == name) {
            problems.push(format!("{name}: tested but absent"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
