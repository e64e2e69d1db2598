//! f-strings: each replacement field `{x!c:spec}` is a `FormatValue` (with
//! its conversion and constant spec), literal text a `Const`, and the parts
//! are joined by `BuildString`. Implicitly concatenated literals and
//! f-strings form one string; adjacent literal parts are merged. `{x=}`
//! prints the expression text and then the value (by `repr` unless a
//! conversion or spec is given), as Python does.

use super::super::graph::{Constant, OpKind, Var};
use super::function::FnBuilder;
use super::unsupported::Construct;
use crate::source::Span;
use ruff_python_ast::{ExprFString, FStringPart, InterpolatedElement, InterpolatedStringElement};
use ruff_text_size::TextRange;

/// A part of an f-string before emission.
enum Part<'a> {
    Text(String, TextRange),
    Field(&'a InterpolatedElement),
}

impl<'a> FnBuilder<'a> {
    /// An f-string (possibly implicitly concatenated with literals).
    pub(super) fn fstring(&mut self, f: &'a ExprFString) -> Var {
        let span = self.span(f.range);
        let mut parts: Vec<Part<'a>> = Vec::new();
        for part in f.value.iter() {
            match part {
                FStringPart::Literal(s) => push_text(&mut parts, &s.value, s.range),
                FStringPart::FString(fs) => {
                    for element in fs.elements.iter() {
                        match element {
                            InterpolatedStringElement::Literal(l) => {
                                push_text(&mut parts, &l.value, l.range)
                            }
                            InterpolatedStringElement::Interpolation(field) => {
                                if let Some(debug) = &field.debug_text {
                                    let text = format!(
                                        "{}{}{}",
                                        debug.leading(),
                                        debug.expression(),
                                        debug.trailing()
                                    );
                                    push_text(&mut parts, &text, field.range);
                                }
                                parts.push(Part::Field(field));
                            }
                        }
                    }
                }
            }
        }
        if !parts.iter().any(|p| matches!(p, Part::Field(_))) {
            let text: String = parts
                .iter()
                .map(|p| match p {
                    Part::Text(t, _) => t.as_str(),
                    Part::Field(_) => "",
                })
                .collect();
            return self.constant(Constant::Str(text), span);
        }
        let mut values = Vec::with_capacity(parts.len());
        for part in parts {
            match part {
                Part::Text(text, range) => {
                    let s = self.span(range);
                    values.push(self.constant(Constant::Str(text), s));
                }
                Part::Field(field) => values.push(self.format_field(field)),
            }
        }
        self.emit(OpKind::BuildString, values, span)
    }

    /// One replacement field.
    fn format_field(&mut self, field: &'a InterpolatedElement) -> Var {
        let span: Span = self.span(field.range);
        let value = self.expr(&field.expression);
        let mut spec = None;
        if let Some(s) = &field.format_spec {
            let mut text = String::new();
            for element in s.elements.iter() {
                match element {
                    InterpolatedStringElement::Literal(l) => text.push_str(&l.value),
                    InterpolatedStringElement::Interpolation(inner) => {
                        self.unsupported(Construct::NestedFormatSpec, inner.range);
                    }
                }
            }
            if !text.is_empty() {
                spec = Some(text);
            }
        }
        let mut conversion = field.conversion.to_char();
        if field.debug_text.is_some() && conversion.is_none() && spec.is_none() {
            conversion = Some('r');
        }
        self.emit(OpKind::FormatValue { conversion, spec }, vec![value], span)
    }
}

/// Adds literal text, merged with the text before it.
fn push_text(parts: &mut Vec<Part<'_>>, text: &str, range: TextRange) {
    if text.is_empty() {
        return;
    }
    if let Some(Part::Text(prev, prev_range)) = parts.last_mut() {
        prev.push_str(text);
        *prev_range = prev_range.cover(range);
        return;
    }
    parts.push(Part::Text(text.to_string(), range));
}
