//! Decoding of the jitcode blob (`crate::jitcode` documents the format)
//! that the compiler embeds as `kiln_jit_program`.

use crate::jitcode as jc;
use std::cell::UnsafeCell;
use std::collections::HashMap;

/// A function of the jitcode table.
#[derive(Clone, Debug)]
pub struct JFunc {
    /// Its name.
    pub name: String,
    /// [`jc::fflag`] bits.
    pub flags: u64,
    /// Int-bank registers.
    pub nregs_i: u32,
    /// Reference-bank registers.
    pub nregs_r: u32,
    /// Result kind ([`jc::kind`]).
    pub ret_kind: u8,
    /// Thunk calling the function residually ([`jc::NONE_IDX`] if none).
    pub call_thunk: u32,
    /// First code word of its body.
    pub code_start: u32,
    /// End of its body (equal to the start when there is none).
    pub code_end: u32,
    /// Address of the AOT function.
    pub aot: u64,
    /// Parameter operands.
    pub params: Vec<u32>,
}

impl JFunc {
    /// Whether the tracer may inline it.
    pub fn inlinable(&self) -> bool {
        self.flags & jc::fflag::INLINABLE != 0
    }
}

/// A driver of the jitcode table.
#[derive(Clone, Debug)]
pub struct JDriver {
    /// Its name.
    pub name: String,
    /// Jitcode index of the portal.
    pub portal: u32,
    /// Pc of the merge point in the portal.
    pub merge_pc: u32,
    /// Thunk of `get_printable_location`, or [`jc::NONE_IDX`].
    pub printable: u32,
    /// Kinds of the greens.
    pub greens: Vec<u8>,
    /// Kinds of the reds.
    pub reds: Vec<u8>,
}

/// A thunk: `extern "C" fn(args: *mut u64) -> u64` and its flags.
#[derive(Clone, Copy, Debug)]
pub struct JThunk {
    /// Its address.
    pub addr: u64,
    /// [`jc::tflag`] bits.
    pub flags: u64,
}

impl JThunk {
    /// Calls the thunk with `args`.
    pub fn call(&self, args: &mut [u64]) -> u64 {
        // SAFETY: the compiler emitted `addr` as a thunk stub with this ABI,
        // reading as many words as the instruction has operands.
        let f: extern "C" fn(*mut u64) -> u64 = unsafe { std::mem::transmute(self.addr as usize) };
        f(args.as_mut_ptr())
    }
    /// The kind of its result.
    pub fn result_kind(&self) -> u8 {
        ((self.flags >> jc::tflag::RESULT_SHIFT) & 0xff) as u8
    }
}

/// The decoded blob.
#[derive(Debug)]
pub struct JitProgram {
    /// Constant pool.
    pub consts: Vec<u64>,
    /// Thunks.
    pub thunks: Vec<JThunk>,
    /// Each thunk's name for the log (empty if the blob gives none).
    pub thunk_names: Vec<String>,
    /// Functions.
    pub funcs: Vec<JFunc>,
    /// Drivers.
    pub drivers: Vec<JDriver>,
    /// Live-register lists.
    pub lives: Vec<u32>,
    /// The code.
    pub code: Vec<u32>,
    /// Jitcode function index of each AOT function address.
    pub by_addr: HashMap<u64, u32>,
}

impl JitProgram {
    /// How the log names thunk `t`: `thunkT:NAME`, or `thunkT` when it has
    /// no name ([`crate::jit::trace::thunk_label`]).
    pub fn thunk_label(&self, t: u32) -> String {
        let name = self.thunk_names.get(t as usize).map_or("", |n| n.as_str());
        crate::jit::trace::thunk_label(t, name)
    }
}

extern "C" {
    static kiln_jit_program: u64;
}

struct Reader<'a> {
    w: &'a [u64],
    at: usize,
}

impl Reader<'_> {
    fn next(&mut self) -> Option<u64> {
        let v = *self.w.get(self.at)?;
        self.at += 1;
        Some(v)
    }
    fn count(&mut self) -> Option<usize> {
        let n = self.next()? as usize;
        if n > self.w.len() * 2 + 16 {
            return None;
        }
        Some(n)
    }
    fn packed(&mut self) -> Option<Vec<u32>> {
        let n = self.count()?;
        let mut out = Vec::with_capacity(n);
        for k in 0..n.div_ceil(2) {
            let w = self.next()?;
            out.push(w as u32);
            if 2 * k + 1 < n {
                out.push((w >> 32) as u32);
            }
        }
        Some(out)
    }
}

/// Decodes a blob from its words.
pub fn decode(words: &[u64]) -> Option<JitProgram> {
    let mut r = Reader { w: words, at: 0 };
    if r.next()? != jc::MAGIC || r.next()? != jc::VERSION {
        return None;
    }
    let n = r.count()?;
    let mut consts = Vec::with_capacity(n);
    for _ in 0..n {
        consts.push(r.next()?);
    }
    let n = r.count()?;
    let mut thunks = Vec::with_capacity(n);
    let mut thunk_name_idx = Vec::with_capacity(n);
    for _ in 0..n {
        let addr = r.next()?;
        let word = r.next()?;
        thunks.push(JThunk {
            addr,
            flags: word & jc::tflag::MASK,
        });
        thunk_name_idx.push(word >> jc::tflag::NAME_SHIFT);
    }
    let n = r.count()?;
    let mut strings = Vec::with_capacity(n);
    for _ in 0..n {
        let len = r.count()?;
        let mut bytes = Vec::with_capacity(len);
        for _ in 0..len.div_ceil(8) {
            bytes.extend_from_slice(&r.next()?.to_le_bytes());
        }
        bytes.truncate(len);
        strings.push(String::from_utf8_lossy(&bytes).into_owned());
    }
    let name = |i: u64| strings.get(i as usize).cloned().unwrap_or_default();
    let thunk_names = thunk_name_idx.into_iter().map(name).collect();
    let n = r.count()?;
    let mut funcs = Vec::with_capacity(n);
    for _ in 0..n {
        let nm = name(r.next()?);
        let flags = r.next()?;
        let nregs_i = r.next()? as u32;
        let nregs_r = r.next()? as u32;
        let ret_kind = r.next()? as u8;
        let call_thunk = r.next()? as u32;
        let code_start = r.next()? as u32;
        let code_end = r.next()? as u32;
        let aot = r.next()?;
        let np = r.count()?;
        let mut params = Vec::with_capacity(np);
        for _ in 0..np {
            params.push(r.next()? as u32);
        }
        funcs.push(JFunc {
            name: nm,
            flags,
            nregs_i,
            nregs_r,
            ret_kind,
            call_thunk,
            code_start,
            code_end,
            aot,
            params,
        });
    }
    let n = r.count()?;
    let mut drivers = Vec::with_capacity(n);
    for _ in 0..n {
        let nm = name(r.next()?);
        let portal = r.next()? as u32;
        let merge_pc = r.next()? as u32;
        let printable = r.next()? as u32;
        let ng = r.count()?;
        let nr = r.count()?;
        let mut greens = Vec::new();
        for _ in 0..ng {
            greens.push(r.next()? as u8);
        }
        let mut reds = Vec::new();
        for _ in 0..nr {
            reds.push(r.next()? as u8);
        }
        drivers.push(JDriver {
            name: nm,
            portal,
            merge_pc,
            printable,
            greens,
            reds,
        });
    }
    let lives = r.packed()?;
    let code = r.packed()?;
    let by_addr = funcs
        .iter()
        .enumerate()
        .map(|(k, f)| (f.aot, k as u32))
        .collect();
    Some(JitProgram {
        consts,
        thunks,
        thunk_names,
        funcs,
        drivers,
        lives,
        code,
        by_addr,
    })
}

struct ProgCell(UnsafeCell<Option<Option<&'static JitProgram>>>);
// SAFETY: single-threaded.
unsafe impl Sync for ProgCell {}
static PROGRAM: ProgCell = ProgCell(UnsafeCell::new(None));

/// The program's blob, decoded on first use (`None` if it is malformed).
pub fn get() -> Option<&'static JitProgram> {
    // SAFETY: single-threaded; written once.
    let cell = unsafe { &mut *PROGRAM.0.get() };
    *cell.get_or_insert_with(|| {
        // SAFETY: the compiler emits the blob with its header; reading the
        // first words tells its extent (the decoder stops at the end).
        let base = std::ptr::addr_of!(kiln_jit_program);
        // SAFETY: as above.
        let words = unsafe { blob_words(base) }?;
        decode(words).map(|p| &*Box::leak(Box::new(p)))
    })
}

/// The blob's words, measured by walking its sections.
///
/// # Safety
/// `base` must point to a blob emitted by the compiler.
unsafe fn blob_words(base: *const u64) -> Option<&'static [u64]> {
    let at = |i: usize| *base.add(i);
    if at(0) != jc::MAGIC || at(1) != jc::VERSION {
        return None;
    }
    let mut i = 2;
    let n = at(i) as usize;
    i += 1 + n;
    let n = at(i) as usize;
    i += 1 + 2 * n;
    let n = at(i) as usize;
    i += 1;
    for _ in 0..n {
        let len = at(i) as usize;
        i += 1 + len.div_ceil(8);
    }
    let n = at(i) as usize;
    i += 1;
    for _ in 0..n {
        let np = at(i + 9) as usize;
        i += 10 + np;
    }
    let n = at(i) as usize;
    i += 1;
    for _ in 0..n {
        let ng = at(i + 4) as usize;
        let nr = at(i + 5) as usize;
        i += 6 + ng + nr;
    }
    for _ in 0..2 {
        let n = at(i) as usize;
        i += 1 + n.div_ceil(2);
    }
    Some(std::slice::from_raw_parts(base, i))
}
