//! Standard streams and text files as CPython uses them: stdout buffered
//! (flushed at exit, on request, before stderr output and when the buffer
//! is full), UTF-8 files with universal newlines on reading.

use crate::ctx::Roots;
use crate::exc::raise;
use crate::layout::{exc, FILE_INDEX, FILE_SIZE, TID_FILE};
use crate::mem::{rd, wr};
use crate::{gc, str_obj};
use std::cell::UnsafeCell;
use std::fs::File;
use std::io::{BufRead, BufWriter, Read, Write};

const STDOUT_CHUNK: usize = 1 << 16;

enum FileState {
    Reading { text: Vec<u32>, pos: usize },
    Writing(BufWriter<File>),
    Closed,
}

struct IoState {
    out: Vec<u8>,
    stdin: Option<std::io::StdinLock<'static>>,
    files: Vec<FileState>,
}

struct IoCell(UnsafeCell<IoState>);
// SAFETY: single-threaded runtime.
unsafe impl Sync for IoCell {}
static IO: IoCell = IoCell(UnsafeCell::new(IoState {
    out: Vec::new(),
    stdin: None,
    files: Vec::new(),
}));

#[allow(clippy::mut_from_ref)]
fn io() -> &'static mut IoState {
    // SAFETY: single-threaded; no reference is kept across calls.
    unsafe { &mut *IO.0.get() }
}

/// Writes what stdout holds to the host.
pub fn flush_stdout() {
    let st = io();
    if !st.out.is_empty() {
        let mut o = std::io::stdout().lock();
        let _ = o.write_all(&st.out);
        let _ = o.flush();
        st.out.clear();
    }
}

/// Flushes and closes every open file (at exit).
pub fn close_all() {
    for f in io().files.iter_mut() {
        if let FileState::Writing(w) = f {
            let _ = w.flush();
        }
        *f = FileState::Closed;
    }
}

/// Appends Rust text to stdout.
pub fn write_stdout_text(t: &str) {
    let st = io();
    st.out.extend_from_slice(t.as_bytes());
    if st.out.len() >= STDOUT_CHUNK {
        flush_stdout();
    }
}

/// Writes Rust text to stderr after flushing stdout.
pub fn write_stderr_text(t: &str) {
    flush_stdout();
    let mut e = std::io::stderr().lock();
    let _ = e.write_all(t.as_bytes());
    let _ = e.flush();
}

/// UTF-8 of str `s`, or a pending ValueError (CPython's UnicodeEncodeError text).
fn encode(s: usize) -> Option<String> {
    match str_obj::to_utf8(s) {
        Ok(t) => Some(t),
        Err(i) => {
            let cp = str_obj::view(s).at(i);
            raise(
                exc::VALUE_ERROR,
                &format!(
                    "'utf-8' codec can't encode character '\\u{cp:04x}' in position {i}: surrogates not allowed"
                ),
            );
            None
        }
    }
}

const WRITE_NONE: &str = "write() argument must be str, not None";

/// `sys.stdout.write(s)`.
#[no_mangle]
pub extern "C" fn kiln_stdout_write(s: usize) {
    if s == 0 {
        return raise(exc::TYPE_ERROR, WRITE_NONE);
    }
    if let Some(b) = str_obj::bytes(s).filter(|_| str_obj::is_ascii(s)) {
        let st = io();
        st.out.extend_from_slice(b);
        if st.out.len() >= STDOUT_CHUNK {
            flush_stdout();
        }
        return;
    }
    if let Some(t) = encode(s) {
        write_stdout_text(&t);
    }
}

/// `sys.stdout.flush()`.
#[no_mangle]
pub extern "C" fn kiln_stdout_flush() {
    flush_stdout();
}

/// `sys.stderr.write(s)`.
#[no_mangle]
pub extern "C" fn kiln_stderr_write(s: usize) {
    if s == 0 {
        return raise(exc::TYPE_ERROR, WRITE_NONE);
    }
    if let Some(t) = encode(s) {
        write_stderr_text(&t);
    }
}

fn stdin() -> &'static mut std::io::StdinLock<'static> {
    io().stdin.get_or_insert_with(|| std::io::stdin().lock())
}

/// `sys.stdin.readline()`.
#[no_mangle]
pub extern "C" fn kiln_stdin_readline() -> usize {
    let mut buf = Vec::new();
    let _ = stdin().read_until(b'\n', &mut buf);
    str_obj::from_str(&String::from_utf8_lossy(&buf))
}

/// `sys.stdin.read()`.
#[no_mangle]
pub extern "C" fn kiln_stdin_read() -> usize {
    let mut buf = Vec::new();
    let _ = stdin().read_to_end(&mut buf);
    str_obj::from_str(&String::from_utf8_lossy(&buf))
}

fn repr_of(s: usize) -> String {
    crate::keys::str_repr(&str_obj::view(s).to_vec())
}

/// CPython's mode check: Some('r' | 'w'), or a pending ValueError.
fn check_mode(mode: usize) -> Option<char> {
    let invalid = || {
        raise(
            exc::VALUE_ERROR,
            &format!("invalid mode: {}", repr_of(mode)),
        );
        None
    };
    let v = str_obj::view(mode).to_vec();
    let mut seen = String::new();
    for c in v {
        let Some(ch) = char::from_u32(c) else {
            return invalid();
        };
        if !"rwxabt+".contains(ch) || seen.contains(ch) {
            return invalid();
        }
        seen.push(ch);
    }
    if seen.contains('t') && seen.contains('b') {
        raise(exc::VALUE_ERROR, "can't have text and binary mode at once");
        return None;
    }
    let kinds = seen.chars().filter(|c| "rwxa".contains(*c)).count();
    if kinds != 1 {
        raise(
            exc::VALUE_ERROR,
            if kinds > 1 {
                "must have exactly one of create/read/write/append mode"
            } else {
                "Must have exactly one of create/read/write/append mode and at most one plus"
            },
        );
        return None;
    }
    match seen.as_str() {
        "r" | "rt" | "tr" => Some('r'),
        "w" | "wt" | "tw" => Some('w'),
        _ => invalid(),
    }
}

fn os_error(e: &std::io::Error, path: usize) {
    let text = e.to_string();
    let strerror = text.split(" (os error").next().unwrap_or(&text);
    let msg = match e.raw_os_error() {
        Some(n) => format!("[Errno {n}] {strerror}: {}", repr_of(path)),
        None => format!("{strerror}: {}", repr_of(path)),
    };
    raise(exc::OS_ERROR, &msg);
}

fn decode(bytes: &[u8]) -> Result<Vec<u32>, String> {
    let s = std::str::from_utf8(bytes).map_err(|e| {
        let pos = e.valid_up_to();
        let reason = match e.error_len() {
            None => "unexpected end of data",
            Some(_) if (0x80..0xC2).contains(&bytes[pos]) || bytes[pos] >= 0xF5 => {
                "invalid start byte"
            }
            Some(_) => "invalid continuation byte",
        };
        format!(
            "'utf-8' codec can't decode byte 0x{:02x} in position {pos}: {reason}",
            bytes[pos]
        )
    })?;
    let mut out = Vec::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\r' {
            if it.peek() == Some(&'\n') {
                it.next();
            }
            out.push(10);
        } else {
            out.push(c as u32);
        }
    }
    Ok(out)
}

/// `open(path, mode)`.
#[no_mangle]
pub extern "C" fn kiln_file_open(path: usize, mode: usize) -> usize {
    if path == 0 {
        raise(
            exc::TYPE_ERROR,
            "expected str, bytes or os.PathLike object, not NoneType",
        );
        return 0;
    }
    if mode == 0 {
        raise(
            exc::TYPE_ERROR,
            "open() argument 'mode' must be str, not None",
        );
        return 0;
    }
    let Ok(p) = str_obj::to_utf8(path) else {
        raise(exc::VALUE_ERROR, "embedded surrogate in path");
        return 0;
    };
    if p.contains('\0') {
        raise(exc::VALUE_ERROR, "embedded null byte");
        return 0;
    }
    let Some(m) = check_mode(mode) else { return 0 };
    let state = if m == 'r' {
        let mut f = match File::open(&p) {
            Ok(f) => f,
            Err(e) => {
                os_error(&e, path);
                return 0;
            }
        };
        if f.metadata().is_ok_and(|md| md.is_dir()) {
            raise(
                exc::OS_ERROR,
                &format!("[Errno 21] Is a directory: {}", repr_of(path)),
            );
            return 0;
        }
        let mut bytes = Vec::new();
        if let Err(e) = f.read_to_end(&mut bytes) {
            os_error(&e, path);
            return 0;
        }
        match decode(&bytes) {
            Ok(text) => FileState::Reading { text, pos: 0 },
            Err(msg) => {
                raise(exc::VALUE_ERROR, &msg);
                return 0;
            }
        }
    } else {
        match File::create(&p) {
            Ok(f) => FileState::Writing(BufWriter::new(f)),
            Err(e) => {
                os_error(&e, path);
                return 0;
            }
        }
    };
    let st = io();
    st.files.push(state);
    let index = st.files.len() - 1;
    let f = gc::alloc(TID_FILE, FILE_SIZE);
    wr(f, FILE_INDEX, index);
    f
}

fn file_state(f: usize, method: &str) -> Option<&'static mut FileState> {
    if f == 0 {
        raise(
            exc::ATTRIBUTE_ERROR,
            &format!("'NoneType' object has no attribute '{method}'"),
        );
        return None;
    }
    io().files.get_mut(rd(f, FILE_INDEX))
}

fn read_part(f: usize, method: &str, line: bool) -> usize {
    let Some(state) = file_state(f, method) else {
        return 0;
    };
    let part = match state {
        FileState::Reading { text, pos } => {
            let rest = &text[*pos..];
            let n = if line {
                rest.iter()
                    .position(|&c| c == 10)
                    .map_or(rest.len(), |i| i + 1)
            } else {
                rest.len()
            };
            let part = rest[..n].to_vec();
            *pos += n;
            part
        }
        FileState::Writing(_) => {
            raise(exc::OS_ERROR, "not readable");
            return 0;
        }
        FileState::Closed => {
            raise(exc::VALUE_ERROR, "I/O operation on closed file.");
            return 0;
        }
    };
    str_obj::from_cps(&part).unwrap_or_else(|| {
        crate::exc::memory_error();
        0
    })
}

/// `f.read()`.
#[no_mangle]
pub extern "C" fn kiln_file_read(f: usize) -> usize {
    read_part(f, "read", false)
}

/// `f.readline()`.
#[no_mangle]
pub extern "C" fn kiln_file_readline(f: usize) -> usize {
    read_part(f, "readline", true)
}

/// `f.write(s)`.
#[no_mangle]
pub extern "C" fn kiln_file_write(f: usize, s: usize) {
    let roots = Roots::new();
    let _keep = roots.push(s);
    let Some(state) = file_state(f, "write") else {
        return;
    };
    if s == 0 {
        return raise(exc::TYPE_ERROR, WRITE_NONE);
    }
    match state {
        FileState::Writing(w) => {
            if let Some(t) = encode(s) {
                if let Err(e) = w.write_all(t.as_bytes()) {
                    raise(exc::OS_ERROR, &e.to_string());
                }
            }
        }
        FileState::Reading { .. } => raise(exc::OS_ERROR, "not writable"),
        FileState::Closed => raise(exc::VALUE_ERROR, "I/O operation on closed file."),
    }
}

/// `f.close()`.
#[no_mangle]
pub extern "C" fn kiln_file_close(f: usize) {
    let Some(state) = file_state(f, "close") else {
        return;
    };
    let old = std::mem::replace(state, FileState::Closed);
    if let FileState::Writing(mut w) = old {
        if let Err(e) = w.flush() {
            raise(exc::OS_ERROR, &e.to_string());
        }
    }
}

/// `time.time()`.
#[no_mangle]
pub extern "C" fn kiln_time_time() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

struct StartCell(UnsafeCell<Option<std::time::Instant>>);
// SAFETY: single-threaded runtime.
unsafe impl Sync for StartCell {}
static START: StartCell = StartCell(UnsafeCell::new(None));

/// `time.perf_counter()`.
#[no_mangle]
pub extern "C" fn kiln_time_perf_counter() -> f64 {
    // SAFETY: single-threaded.
    let s = unsafe { &mut *START.0.get() };
    s.get_or_insert_with(std::time::Instant::now)
        .elapsed()
        .as_secs_f64()
}
