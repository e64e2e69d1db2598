//! Source files and locations.

use cranelift_entity::{entity_impl, PrimaryMap};
use std::path::PathBuf;

/// A source file of the program.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(u32);
entity_impl!(FileId, "file");

/// A byte range in one source file.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub struct Span {
    /// The file.
    pub file: FileId,
    /// Start byte offset.
    pub start: u32,
    /// End byte offset (exclusive).
    pub end: u32,
}

impl Span {
    /// A span covering `start..end` of `file`.
    pub fn new(file: FileId, start: u32, end: u32) -> Span {
        Span { file, start, end }
    }

    /// The smallest span covering both (same file assumed).
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// One loaded source file.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path as given or found (shown in messages).
    pub path: PathBuf,
    /// Module name (`main` file's stem, or the imported name).
    pub module: String,
    /// The text.
    pub text: String,
    line_starts: Vec<u32>,
}

impl SourceFile {
    /// Wraps a file's text.
    pub fn new(path: PathBuf, module: String, text: String) -> SourceFile {
        let mut line_starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i as u32 + 1);
            }
        }
        SourceFile {
            path,
            module,
            text,
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line] as usize;
        let end = (offset as usize).min(self.text.len());
        let col = self
            .text
            .get(start..end)
            .map_or(end - start, |s| s.chars().count());
        (line as u32 + 1, col as u32 + 1)
    }
}

/// All source files of a program.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    /// The files, the main file first.
    pub files: PrimaryMap<FileId, SourceFile>,
}

impl SourceMap {
    /// `path:line:col` of the start of a span.
    pub fn describe(&self, span: Span) -> String {
        let f = &self.files[span.file];
        let (l, c) = f.line_col(span.start);
        format!("{}:{}:{}", f.path.display(), l, c)
    }

    /// The text of a span.
    pub fn text(&self, span: Span) -> &str {
        let f = &self.files[span.file];
        f.text
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }
}
