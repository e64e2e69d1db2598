//! Rendering located errors for people: `file:line:col: error: message`,
//! then the source line with a caret (drawn by `annotate-snippets`), then
//! any notes. Used for Kiln Python diagnostics and for `.kir` parse errors.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::ops::Range;

/// A located error ready to print.
pub struct Report {
    /// File name as shown to the user.
    pub path: String,
    /// The whole source text of the file.
    pub source: String,
    /// Byte range of the primary location.
    pub span: Range<usize>,
    /// The message.
    pub message: String,
    /// Label under the caret (may be empty).
    pub label: String,
    /// Secondary locations in the same file, with their labels.
    pub secondary: Vec<(Range<usize>, String)>,
    /// Notes printed after the snippet.
    pub notes: Vec<String>,
}

/// The byte offset of 1-based `line`/`col` (col counted in characters).
pub fn offset_of(source: &str, line: u32, col: u32) -> usize {
    let mut off = 0;
    for (i, l) in source.split_inclusive('\n').enumerate() {
        if i + 1 == line as usize {
            let mut chars = l.char_indices();
            let byte = chars
                .nth(col.saturating_sub(1) as usize)
                .map(|(b, _)| b)
                .unwrap_or(l.trim_end_matches('\n').len());
            return off + byte;
        }
        off += l.len();
    }
    source.len()
}

/// 1-based line and column (in characters) of byte offset `off`.
pub fn line_col(source: &str, off: usize) -> (u32, u32) {
    let off = off.min(source.len());
    let before = &source[..off];
    let line = before.matches('\n').count() as u32 + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let col = source[line_start..off].chars().count() as u32 + 1;
    (line, col)
}

impl Report {
    /// Renders the diagnostic as plain text (no colours), ending with a newline.
    pub fn render(&self) -> String {
        // A span that runs over a line break is drawn up to the end of its first line.
        let mut span_end = self.span.end.max(self.span.start).min(self.source.len());
        if let Some(nl) = self
            .source
            .get(self.span.start.min(span_end)..span_end)
            .and_then(|t| t.find('\n'))
        {
            span_end = self.span.start + nl;
        }
        let mut end = span_end;
        let mut start = self.span.start.min(self.source.len());
        if end == start && self.source[start..].starts_with('\n') && start > 0 {
            // At a line break: an empty span, drawn just after the line's
            // last character.
        } else if end == start && end < self.source.len() {
            // Point at one character at least.
            end += self.source[end..]
                .chars()
                .next()
                .map_or(1, |c| c.len_utf8());
        }
        let mut endc = end.min(self.source.len());
        // A span at the very end (or on a newline) is drawn at the last character.
        if start == self.source.len() && start > 0 {
            start -= self.source[..start]
                .chars()
                .next_back()
                .map_or(1, |c| c.len_utf8());
            endc = self.source.len();
        }
        let (line, col) = line_col(&self.source, start);
        let mut out = format!("{}:{}:{}: error: {}\n", self.path, line, col, self.message);
        let mut snippet = Snippet::source(self.source.as_str())
            .path(self.path.as_str())
            .annotation(
                AnnotationKind::Primary
                    .span(start..endc)
                    .label(self.label.as_str()),
            );
        for (r, l) in &self.secondary {
            snippet = snippet.annotation(AnnotationKind::Context.span(r.clone()).label(l.as_str()));
        }
        let mut group = Group::with_level(Level::ERROR).element(snippet);
        for n in &self.notes {
            group = group.element(Level::NOTE.message(n.as_str()));
        }
        let report = [group];
        out.push_str(&Renderer::plain().render(&report));
        out.push('\n');
        out
    }
}

/// Renders frontend diagnostics with their source lines, one after the other,
/// followed by a count when there are several.
pub fn render_diagnostics(sources: &crate::SourceMap, diags: &[crate::Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let Some(file) = sources.files.get(d.span.file) else {
            out.push_str(&format!("error: {}\n", d.message));
            continue;
        };
        let mut secondary = Vec::new();
        let mut notes = d.notes.clone();
        for (span, label) in &d.secondary {
            if span.file == d.span.file {
                secondary.push((span.start as usize..span.end as usize, label.clone()));
            } else {
                notes.push(format!("{}: {}", sources.describe(*span), label));
            }
        }
        out.push_str(
            &Report {
                path: file.path.display().to_string(),
                source: file.text.clone(),
                span: d.span.start as usize..d.span.end as usize,
                message: d.message.clone(),
                label: d.label.clone(),
                secondary,
                notes,
            }
            .render(),
        );
    }
    if diags.len() > 1 {
        out.push_str(&format!("kiln: {} errors\n", diags.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_positions_agree() {
        let src = "ab\ncdé\nf";
        assert_eq!(offset_of(src, 2, 3), 5);
        assert_eq!(line_col(src, 5), (2, 3));
        assert_eq!(line_col(src, src.len()), (3, 2));
    }

    #[test]
    fn renders_location_line_and_caret() {
        let d = Report {
            path: "x.kir".into(),
            source: "func @f() {\nblock0:\n    bogus\n}\n".into(),
            span: 24..29,
            message: "unknown opcode `bogus`".into(),
            label: "not an opcode".into(),
            secondary: vec![],
            notes: vec![],
        };
        let text = d.render();
        assert!(
            text.starts_with("x.kir:3:5: error: unknown opcode `bogus`\n"),
            "{text}"
        );
        assert!(text.contains("    bogus"), "{text}");
        assert!(text.contains("^^^^^"), "{text}");
    }
}
