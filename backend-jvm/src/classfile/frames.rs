//! Verification types and the StackMapTable attribute (JVMS §4.7.4).
//!
//! A frame is recorded at every branch target and exception handler of a
//! method (see [`super::code`]); this module encodes the recorded frames
//! compactly (`same`, `same_locals_1_stack_item`, `chop`, `append`, or
//! `full_frame`).

use super::pool::ConstantPool;

/// A verification type: what a local slot or stack entry holds.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum VType {
    /// Unusable (unassigned slot, or the second half of a long/double).
    Top,
    /// `int` (also boolean, byte, char, short).
    Int,
    /// `float`
    Float,
    /// `long` (two slots; one frame entry).
    Long,
    /// `double` (two slots; one frame entry).
    Double,
    /// The null reference.
    Null,
    /// `this` in a constructor before the super constructor ran.
    UninitThis,
    /// A reference of the class with this internal name (or array descriptor).
    Object(String),
    /// The result of the `new` at this code offset, before `<init>`.
    Uninit(u32),
}

impl VType {
    /// The reference type named `name`.
    pub fn obj(name: &str) -> VType {
        VType::Object(name.to_string())
    }

    /// How many local slots (or stack words) the type takes.
    pub fn size(&self) -> usize {
        match self {
            VType::Long | VType::Double => 2,
            _ => 1,
        }
    }

    /// Whether this is a reference type (including null and uninitialized).
    pub fn is_ref(&self) -> bool {
        matches!(
            self,
            VType::Null | VType::UninitThis | VType::Object(_) | VType::Uninit(_)
        )
    }

    /// The type of a value of field descriptor `d` (`J`, `Ljava/lang/String;`, `[D`...).
    pub fn from_descriptor(d: &str) -> VType {
        match d.as_bytes().first() {
            Some(b'J') => VType::Long,
            Some(b'D') => VType::Double,
            Some(b'F') => VType::Float,
            Some(b'L') => VType::Object(d[1..d.len() - 1].to_string()),
            Some(b'[') => VType::Object(d.to_string()),
            _ => VType::Int,
        }
    }

    fn write(&self, pool: &mut ConstantPool, out: &mut Vec<u8>) {
        match self {
            VType::Top => out.push(0),
            VType::Int => out.push(1),
            VType::Float => out.push(2),
            VType::Double => out.push(3),
            VType::Long => out.push(4),
            VType::Null => out.push(5),
            VType::UninitThis => out.push(6),
            VType::Object(name) => {
                out.push(7);
                out.extend_from_slice(&pool.class(name).to_be_bytes());
            }
            VType::Uninit(off) => {
                out.push(8);
                out.extend_from_slice(&(*off as u16).to_be_bytes());
            }
        }
    }
}

/// The state the verifier sees at one code offset.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Frame {
    /// Local slots (a long or double is followed by a `Top` slot).
    pub locals: Vec<VType>,
    /// Operand stack entries, bottom first (one entry per value).
    pub stack: Vec<VType>,
}

/// Locals of a frame as the attribute lists them: one entry per value,
/// trailing unusable slots dropped.
pub fn compress_locals(slots: &[VType]) -> Vec<VType> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < slots.len() {
        out.push(slots[i].clone());
        i += slots[i].size();
    }
    while out.last() == Some(&VType::Top) {
        out.pop();
    }
    out
}

/// Encodes frames (sorted by offset, distinct offsets) given the method's
/// initial locals; returns `(number_of_entries, bytes)`.
pub fn encode(
    pool: &mut ConstantPool,
    initial: &[VType],
    frames: &[(u32, Frame)],
) -> (u16, Vec<u8>) {
    let mut out = Vec::new();
    let mut prev_locals = compress_locals(initial);
    let mut prev_off: i64 = -1;
    for (off, f) in frames {
        let delta = (*off as i64 - prev_off - 1) as u16;
        prev_off = *off as i64;
        let locals = compress_locals(&f.locals);
        let same = locals == prev_locals;
        if same && f.stack.is_empty() {
            if delta < 64 {
                out.push(delta as u8);
            } else {
                out.push(251);
                out.extend_from_slice(&delta.to_be_bytes());
            }
        } else if same && f.stack.len() == 1 {
            if delta < 64 {
                out.push(64 + delta as u8);
            } else {
                out.push(247);
                out.extend_from_slice(&delta.to_be_bytes());
            }
            f.stack[0].write(pool, &mut out);
        } else if f.stack.is_empty()
            && locals.len() < prev_locals.len()
            && prev_locals.len() - locals.len() <= 3
            && prev_locals.starts_with(&locals)
        {
            out.push((251 - (prev_locals.len() - locals.len())) as u8);
            out.extend_from_slice(&delta.to_be_bytes());
        } else if f.stack.is_empty()
            && locals.len() > prev_locals.len()
            && locals.len() - prev_locals.len() <= 3
            && locals.starts_with(&prev_locals)
        {
            out.push((251 + (locals.len() - prev_locals.len())) as u8);
            out.extend_from_slice(&delta.to_be_bytes());
            for t in &locals[prev_locals.len()..] {
                t.write(pool, &mut out);
            }
        } else {
            out.push(255);
            out.extend_from_slice(&delta.to_be_bytes());
            out.extend_from_slice(&(locals.len() as u16).to_be_bytes());
            for t in &locals {
                t.write(pool, &mut out);
            }
            out.extend_from_slice(&(f.stack.len() as u16).to_be_bytes());
            for t in &f.stack {
                t.write(pool, &mut out);
            }
        }
        prev_locals = locals;
    }
    (frames.len() as u16, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locals_are_compressed_per_value() {
        let slots = vec![VType::Long, VType::Top, VType::Int, VType::Top, VType::Top];
        assert_eq!(compress_locals(&slots), vec![VType::Long, VType::Int]);
    }

    #[test]
    fn frame_kinds_are_chosen_by_difference_with_the_previous_frame() {
        let mut pool = ConstantPool::new();
        let init = vec![VType::Int];
        let frames = vec![
            // same_frame at offset 3 (delta 3)
            (
                3,
                Frame {
                    locals: vec![VType::Int],
                    stack: vec![],
                },
            ),
            // append 1 at offset 10 (delta 6)
            (
                10,
                Frame {
                    locals: vec![VType::Int, VType::Long, VType::Top],
                    stack: vec![],
                },
            ),
            // same_locals_1_stack_item at 12 (delta 1)
            (
                12,
                Frame {
                    locals: vec![VType::Int, VType::Long, VType::Top],
                    stack: vec![VType::Int],
                },
            ),
            // chop 1 at 100 (delta 87)
            (
                100,
                Frame {
                    locals: vec![VType::Int],
                    stack: vec![],
                },
            ),
            // full frame at 101 (delta 0)
            (
                101,
                Frame {
                    locals: vec![VType::Double],
                    stack: vec![VType::Null],
                },
            ),
        ];
        let (n, bytes) = encode(&mut pool, &init, &frames);
        assert_eq!(n, 5);
        assert_eq!(
            bytes,
            vec![
                3, // same
                252, 0, 6, 4, // append long
                65, 1, // same_locals_1_stack_item int
                250, 0, 87, // chop 1
                255, 0, 0, 0, 1, 3, 0, 1, 5, // full
            ]
        );
    }
}
