//! Standard streams and text files as CPython's `sys.std*` and `open()` use
//! them: buffered stdout (flushed at exit, on request, and before anything
//! goes to stderr), UTF-8 files with universal newlines on reading.

use super::errors::{value_error, PyErr};
use super::strings::{repr, PyStr};
use crate::program::BuiltinClass;
use std::cell::RefCell;
use std::fs::File;
use std::io::{BufRead, BufWriter, Read, Write};
use std::rc::{Rc, Weak};

/// Flush stdout to the host once this much is buffered.
const STDOUT_CHUNK: usize = 1 << 16;

/// The interpreter's standard streams and open files.
pub struct Io<'a> {
    stdin: &'a mut dyn BufRead,
    stdout: &'a mut dyn Write,
    stderr: &'a mut dyn Write,
    out_buf: Vec<u8>,
    files: Vec<Weak<RefCell<FileObj>>>,
}

impl<'a> Io<'a> {
    /// Streams of one run.
    pub fn new(
        stdin: &'a mut dyn BufRead,
        stdout: &'a mut dyn Write,
        stderr: &'a mut dyn Write,
    ) -> Self {
        Io {
            stdin,
            stdout,
            stderr,
            out_buf: Vec::new(),
            files: Vec::new(),
        }
    }

    /// `sys.stdout.write(s)`.
    pub fn write_stdout(&mut self, s: &PyStr) -> Result<(), PyErr> {
        let text = encode(s)?;
        self.out_buf.extend_from_slice(text.as_bytes());
        if self.out_buf.len() >= STDOUT_CHUNK {
            self.flush_stdout();
        }
        Ok(())
    }

    /// `sys.stdout.flush()`. Failures of the host stream (a closed pipe) are ignored.
    pub fn flush_stdout(&mut self) {
        if !self.out_buf.is_empty() {
            let _ = self.stdout.write_all(&self.out_buf);
            self.out_buf.clear();
        }
        let _ = self.stdout.flush();
    }

    /// `sys.stderr.write(s)`, after flushing stdout.
    pub fn write_stderr(&mut self, s: &PyStr) -> Result<(), PyErr> {
        let text = encode(s)?;
        self.write_stderr_text(&text);
        Ok(())
    }

    /// Writes Rust text to stderr, after flushing stdout.
    pub fn write_stderr_text(&mut self, text: &str) {
        self.flush_stdout();
        let _ = self.stderr.write_all(text.as_bytes());
        let _ = self.stderr.flush();
    }

    /// `sys.stdin.readline()`: the next line with its `\n`, or "" at the end.
    pub fn read_stdin_line(&mut self) -> PyStr {
        let mut buf = Vec::new();
        let _ = self.stdin.read_until(b'\n', &mut buf);
        PyStr::from_str(&String::from_utf8_lossy(&buf))
    }

    /// `sys.stdin.read()`: the rest of the input.
    pub fn read_stdin_all(&mut self) -> PyStr {
        let mut buf = Vec::new();
        let _ = self.stdin.read_to_end(&mut buf);
        PyStr::from_str(&String::from_utf8_lossy(&buf))
    }

    /// `open(path, mode)`.
    pub fn open(&mut self, path: &PyStr, mode: &PyStr) -> Result<Rc<RefCell<FileObj>>, PyErr> {
        let p = path
            .to_utf8()
            .map_err(|_| value_error("embedded surrogate in path"))?;
        if p.contains('\0') {
            return Err(value_error("embedded null byte"));
        }
        let state = match check_mode(mode)? {
            'r' => {
                let f = File::open(&p).map_err(|e| os_error(&e, path))?;
                if f.metadata().is_ok_and(|m| m.is_dir()) {
                    return Err(PyErr::new(
                        BuiltinClass::OSError,
                        format!("[Errno 21] Is a directory: {}", repr(path.cps())),
                    ));
                }
                FileState::Reading {
                    file: Some(f),
                    text: Vec::new(),
                    pos: 0,
                }
            }
            'w' => {
                let f = File::create(&p).map_err(|e| os_error(&e, path))?;
                FileState::Writing(BufWriter::new(f))
            }
            _ => return Err(value_error(format!("invalid mode: {}", repr(mode.cps())))),
        };
        let f = Rc::new(RefCell::new(FileObj { state }));
        self.files.retain(|w| w.strong_count() > 0);
        self.files.push(Rc::downgrade(&f));
        Ok(f)
    }

    /// Flushes and closes every file still open (at the end of a run).
    pub fn close_all(&mut self) {
        for w in self.files.drain(..) {
            if let Some(f) = w.upgrade() {
                let _ = f.borrow_mut().close();
            }
        }
    }
}

/// Validates an `open()` mode as CPython does; 'r' or 'w' for the supported
/// text modes ("r", "w", optionally with "t"). The other modes CPython
/// accepts ("a", "x", "+", "b") are not part of Kiln Python: ValueError.
fn check_mode(mode: &PyStr) -> Result<char, PyErr> {
    let invalid = || value_error(format!("invalid mode: {}", repr(mode.cps())));
    let mut seen = String::new();
    for &c in mode.cps() {
        let ch = char::from_u32(c).ok_or_else(invalid)?;
        if !"rwxabt+".contains(ch) || seen.contains(ch) {
            return Err(invalid());
        }
        seen.push(ch);
    }
    if seen.contains('t') && seen.contains('b') {
        return Err(value_error("can't have text and binary mode at once"));
    }
    let kinds = seen.chars().filter(|c| "rwxa".contains(*c)).count();
    if kinds > 1 {
        return Err(value_error(
            "must have exactly one of create/read/write/append mode",
        ));
    }
    if kinds == 0 {
        return Err(value_error(
            "Must have exactly one of create/read/write/append mode and at most one plus",
        ));
    }
    match seen.as_str() {
        "r" | "rt" | "tr" => Ok('r'),
        "w" | "wt" | "tw" => Ok('w'),
        _ => Err(invalid()),
    }
}

/// UTF-8 text of `s`, or CPython's UnicodeEncodeError message (as a ValueError).
fn encode(s: &PyStr) -> Result<String, PyErr> {
    s.to_utf8().map_err(|i| {
        value_error(format!(
            "'utf-8' codec can't encode character '\\u{:04x}' in position {i}: surrogates not allowed",
            s.cps()[i]
        ))
    })
}

/// OSError "[Errno N] text: 'path'" for a failed system call.
fn os_error(e: &std::io::Error, path: &PyStr) -> PyErr {
    let text = e.to_string();
    let strerror = match text.find(" (os error") {
        Some(i) => &text[..i],
        None => &text,
    };
    let msg = match e.raw_os_error() {
        Some(n) => format!("[Errno {n}] {strerror}: {}", repr(path.cps())),
        None => format!("{strerror}: {}", repr(path.cps())),
    };
    PyErr::new(BuiltinClass::OSError, msg)
}

fn closed() -> PyErr {
    value_error("I/O operation on closed file.")
}

fn unsupported(what: &str) -> PyErr {
    PyErr::new(BuiltinClass::OSError, what)
}

/// An open text file.
#[derive(Debug)]
pub struct FileObj {
    state: FileState,
}

#[derive(Debug)]
enum FileState {
    /// Mode "r": the file is read whole on the first read, decoded, and its
    /// newlines translated; `pos` is the read position in `text`.
    Reading {
        file: Option<File>,
        text: Vec<u32>,
        pos: usize,
    },
    /// Mode "w".
    Writing(BufWriter<File>),
    Closed,
}

impl FileObj {
    fn text(&mut self) -> Result<(&[u32], &mut usize), PyErr> {
        match &mut self.state {
            FileState::Reading { file, text, pos } => {
                if let Some(mut f) = file.take() {
                    let mut bytes = Vec::new();
                    f.read_to_end(&mut bytes)
                        .map_err(|e| PyErr::new(BuiltinClass::OSError, e.to_string()))?;
                    *text = decode_universal(&bytes)?;
                }
                Ok((text, pos))
            }
            FileState::Writing(_) => Err(unsupported("not readable")),
            FileState::Closed => Err(closed()),
        }
    }

    /// `f.read()`.
    pub fn read(&mut self) -> Result<PyStr, PyErr> {
        let (text, pos) = self.text()?;
        let out = text[*pos..].to_vec();
        *pos = text.len();
        Ok(PyStr::from_cps(out))
    }

    /// `f.readline()`.
    pub fn readline(&mut self) -> Result<PyStr, PyErr> {
        let (text, pos) = self.text()?;
        let rest = &text[*pos..];
        let n = rest
            .iter()
            .position(|&c| c == 10)
            .map_or(rest.len(), |i| i + 1);
        let out = rest[..n].to_vec();
        *pos += n;
        Ok(PyStr::from_cps(out))
    }

    /// `f.write(s)`.
    pub fn write(&mut self, s: &PyStr) -> Result<(), PyErr> {
        match &mut self.state {
            FileState::Writing(w) => {
                let text = encode(s)?;
                w.write_all(text.as_bytes())
                    .map_err(|e| PyErr::new(BuiltinClass::OSError, e.to_string()))
            }
            FileState::Reading { .. } => Err(unsupported("not writable")),
            FileState::Closed => Err(closed()),
        }
    }

    /// `f.close()`; closing twice does nothing.
    pub fn close(&mut self) -> Result<(), PyErr> {
        let old = std::mem::replace(&mut self.state, FileState::Closed);
        if let FileState::Writing(mut w) = old {
            w.flush()
                .map_err(|e| PyErr::new(BuiltinClass::OSError, e.to_string()))?;
        }
        Ok(())
    }
}

/// Decodes UTF-8 strictly and turns `\r\n` and `\r` into `\n`.
fn decode_universal(bytes: &[u8]) -> Result<Vec<u32>, PyErr> {
    let s = std::str::from_utf8(bytes).map_err(|e| {
        let pos = e.valid_up_to();
        let reason = match e.error_len() {
            None => "unexpected end of data",
            Some(_) if (0x80..0xC2).contains(&bytes[pos]) || bytes[pos] >= 0xF5 => {
                "invalid start byte"
            }
            Some(_) => "invalid continuation byte",
        };
        value_error(format!(
            "'utf-8' codec can't decode byte 0x{:02x} in position {pos}: {reason}",
            bytes[pos]
        ))
    })?;
    let mut out = Vec::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push(10);
        } else {
            out.push(c as u32);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn universal_newlines_and_decode_errors() {
        assert_eq!(
            decode_universal(b"a\r\nb\rc\n").unwrap(),
            vec![97, 10, 98, 10, 99, 10]
        );
        let e = decode_universal(b"ab\xff").unwrap_err();
        assert_eq!(
            e.msg,
            "'utf-8' codec can't decode byte 0xff in position 2: invalid start byte"
        );
        let e = decode_universal(b"\xc3").unwrap_err();
        assert_eq!(
            e.msg,
            "'utf-8' codec can't decode byte 0xc3 in position 0: unexpected end of data"
        );
    }
}
