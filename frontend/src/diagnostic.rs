//! Located errors produced by every phase of the frontend.

use crate::source::{SourceMap, Span};
use std::fmt;

/// What kind of rule an error breaks (used by tests and by tools).
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum ErrorKind {
    /// A file could not be read.
    Io,
    /// Python syntax error.
    Syntax,
    /// A construct outside Kiln Python (SUBSET.md's "not in the subset" list).
    Unsupported,
    /// An unknown name, attribute, argument or module.
    Name,
    /// Two types that cannot be mixed, or an operation on a wrong type.
    Type,
    /// Misuse of a `kiln` hint (JIT drivers, specialization).
    Hint,
}

/// One error, located in the source, with optional secondary locations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// What kind of rule is broken.
    pub kind: ErrorKind,
    /// Where.
    pub span: Span,
    /// The message: the rule broken and the types involved.
    pub message: String,
    /// Label shown under the primary location (may be empty).
    pub label: String,
    /// Other locations involved ("`x` is `str` here").
    pub secondary: Vec<(Span, String)>,
    /// Extra lines ("note: ...").
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// A diagnostic with just a location and a message.
    pub fn new(kind: ErrorKind, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            kind,
            span,
            message: message.into(),
            label: String::new(),
            secondary: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Adds the label under the primary location.
    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = label.into();
        self
    }

    /// Adds a secondary location.
    pub fn with_secondary(mut self, span: Span, label: impl Into<String>) -> Diagnostic {
        self.secondary.push((span, label.into()));
        self
    }

    /// Adds a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// `file:line:col: error: message` (one line, no snippet).
    pub fn one_line(&self, sources: &SourceMap) -> String {
        format!("{}: error: {}", sources.describe(self.span), self.message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
