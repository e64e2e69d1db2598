//! Hashing, equality and `repr` of values the runtime knows only as a word
//! and a [`ValueKind`]: what dict keys and `KeyError` messages need.
//! Instances use their class's `__hash__`/`__eq__`/`__repr__` (program code,
//! which may allocate: everything held across a call is rooted) and their
//! identity otherwise.

use crate::ctx::{type_desc, Roots};
use crate::exc::pending;
use crate::layout::{slot_offset, ValueKind};
use crate::mem::{rd, tid};
use crate::{float_text, gc, numbers, str_obj};
use std::fmt::Write as _;

/// `hash(v)` for a value of kind `k`; `None` if user code raised.
pub fn hash(k: ValueKind, v: usize) -> Option<i64> {
    Some(match k {
        ValueKind::Int | ValueKind::Bool => numbers::hash_int(v as i64),
        ValueKind::UInt => numbers::hash_uint(v as u64),
        ValueKind::Float => numbers::hash_float(f64::from_bits(v as u64)),
        ValueKind::Str => {
            if v == 0 {
                return Some(0x2d3c_5a1e);
            }
            str_obj::hash(v)
        }
        ValueKind::Tuple => return hash_tuple(v),
        ValueKind::Instance => return hash_instance(v),
        ValueKind::OtherRef => gc::identity_hash(v),
    })
}

/// `hash(t)` of a tuple.
pub fn hash_tuple(t: usize) -> Option<i64> {
    if t == 0 {
        return Some(0x2d3c_5a1e);
    }
    let roots = Roots::new();
    let tr = roots.push(t);
    let d = type_desc(tid(t));
    let mut hs = Vec::with_capacity(d.nslots as usize);
    for i in 0..d.nslots as usize {
        // SAFETY: `item_kinds` has `nslots` entries.
        let k = ValueKind::from_u8(unsafe { *d.item_kinds.add(i) });
        let item = rd(roots.get(tr), slot_offset(i));
        hs.push(hash(k, item)?);
    }
    Some(numbers::hash_tuple(&hs))
}

/// `hash(x)` of an instance.
pub fn hash_instance(x: usize) -> Option<i64> {
    if x == 0 {
        return Some(0x2d3c_5a1e);
    }
    let d = type_desc(tid(x));
    if d.hash == 0 {
        return Some(numbers::hash_int(gc::identity_hash(x)));
    }
    // SAFETY: the compiler stores `__hash__(self) -> int` here.
    let f: extern "C" fn(usize) -> i64 = unsafe { std::mem::transmute(d.hash) };
    let h = f(x);
    if pending() {
        return None;
    }
    Some(if h == -1 { -2 } else { h })
}

/// Key equality `a == b` of two values of kind `k`; `None` if user code raised.
pub fn equal(k: ValueKind, a: usize, b: usize) -> Option<bool> {
    if a == b {
        return Some(true);
    }
    Some(match k {
        ValueKind::Float => f64::from_bits(a as u64) == f64::from_bits(b as u64),
        ValueKind::Int | ValueKind::UInt | ValueKind::Bool | ValueKind::OtherRef => false,
        ValueKind::Str => a != 0 && b != 0 && str_obj::equal(a, b),
        ValueKind::Tuple => {
            if a == 0 || b == 0 {
                return Some(false);
            }
            let roots = Roots::new();
            let (ra, rb) = (roots.push(a), roots.push(b));
            let d = type_desc(tid(a));
            for i in 0..d.nslots as usize {
                // SAFETY: `item_kinds` has `nslots` entries.
                let ik = ValueKind::from_u8(unsafe { *d.item_kinds.add(i) });
                let x = rd(roots.get(ra), slot_offset(i));
                let y = rd(roots.get(rb), slot_offset(i));
                if !equal(ik, x, y)? {
                    return Some(false);
                }
            }
            true
        }
        ValueKind::Instance => {
            if a == 0 || b == 0 {
                return Some(false);
            }
            let d = type_desc(tid(a));
            if d.eq == 0 {
                return Some(false);
            }
            // SAFETY: the compiler stores `__eq__(self, other) -> bool` here.
            let f: extern "C" fn(usize, usize) -> u8 = unsafe { std::mem::transmute(d.eq) };
            let r = f(a, b);
            if pending() {
                return None;
            }
            r & 1 != 0
        }
    })
}

/// Whether comparing keys of kind `k` may run program code.
pub fn needs_user_code(k: ValueKind) -> bool {
    matches!(k, ValueKind::Instance | ValueKind::Tuple)
}

/// `repr(s)` of a str's code points, as CPython quotes and escapes it.
pub fn str_repr(s: &[u32]) -> String {
    let single = s.contains(&0x27);
    let double = s.contains(&0x22);
    let q = if single && !double { '"' } else { '\'' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for &c in s {
        match c {
            0x5C => out.push_str("\\\\"),
            0x09 => out.push_str("\\t"),
            0x0A => out.push_str("\\n"),
            0x0D => out.push_str("\\r"),
            _ if c == q as u32 => {
                out.push('\\');
                out.push(q);
            }
            _ if c < 0x20 || c == 0x7F => {
                let _ = write!(out, "\\x{c:02x}");
            }
            _ if c < 0x7F || crate::unicode::is_printable(c) => {
                out.push(char::from_u32(c).unwrap_or('?'))
            }
            _ if c <= 0xFF => {
                let _ = write!(out, "\\x{c:02x}");
            }
            _ if c <= 0xFFFF => {
                let _ = write!(out, "\\u{c:04x}");
            }
            _ => {
                let _ = write!(out, "\\U{c:08x}");
            }
        }
    }
    out.push(q);
    out
}

/// `repr(v)` for a value of kind `k`; `None` if user code raised.
pub fn repr(k: ValueKind, v: usize) -> Option<String> {
    Some(match k {
        ValueKind::Int => (v as i64).to_string(),
        ValueKind::UInt => (v as u64).to_string(),
        ValueKind::Bool => if v & 1 != 0 { "True" } else { "False" }.to_string(),
        ValueKind::Float => float_text::repr(f64::from_bits(v as u64)),
        _ if v == 0 => "None".to_string(),
        ValueKind::Str => str_repr(&str_obj::view(v).to_vec()),
        ValueKind::Tuple => {
            let roots = Roots::new();
            let r = roots.push(v);
            let d = type_desc(tid(v));
            let mut parts = Vec::with_capacity(d.nslots as usize);
            for i in 0..d.nslots as usize {
                // SAFETY: `item_kinds` has `nslots` entries.
                let ik = ValueKind::from_u8(unsafe { *d.item_kinds.add(i) });
                parts.push(repr(ik, rd(roots.get(r), slot_offset(i)))?);
            }
            if parts.len() == 1 {
                format!("({},)", parts[0])
            } else {
                format!("({})", parts.join(", "))
            }
        }
        ValueKind::Instance => {
            let d = type_desc(tid(v));
            if d.repr == 0 {
                // SAFETY: `name` has `name_len` bytes of UTF-8.
                let name = unsafe { std::slice::from_raw_parts(d.name, d.name_len as usize) };
                return Some(format!("<{} object>", String::from_utf8_lossy(name)));
            }
            // SAFETY: the compiler stores `__repr__(self) -> str` here.
            let f: extern "C" fn(usize) -> usize = unsafe { std::mem::transmute(d.repr) };
            let s = f(v);
            if pending() {
                return None;
            }
            if s == 0 {
                "None".to_string()
            } else {
                str_obj::to_lossy(s)
            }
        }
        ValueKind::OtherRef => "<object>".to_string(),
    })
}

/// `hash(t)` of a tuple (0 with an exception pending if program code raised).
#[no_mangle]
pub extern "C" fn kiln_hash_tuple(t: usize) -> i64 {
    hash_tuple(t).unwrap_or(0)
}

/// `hash(x)` of an instance.
#[no_mangle]
pub extern "C" fn kiln_hash_instance(x: usize) -> i64 {
    hash_instance(x).unwrap_or(0)
}
