//! Joins of verifier states where control flow meets, and the check that
//! a jump to an already placed label brings a state its frame accepts.

use crate::classfile::frames::{Frame, VType};

/// The merge of two reference types at a join (same type, or null with a type).
pub(super) fn merge_ref(a: &VType, b: &VType) -> Option<VType> {
    if a == b {
        return Some(a.clone());
    }
    match (a, b) {
        (VType::Null, o @ VType::Object(_)) | (o @ VType::Object(_), VType::Null) => {
            Some(o.clone())
        }
        _ => None,
    }
}

/// Whether a value of type `from` may be where a frame says `to`.
pub(super) fn assignable(from: &VType, to: &VType) -> bool {
    from == to || *to == VType::Top || (*from == VType::Null && matches!(to, VType::Object(_)))
}

/// The state at a join of `a` and `b`: locals that differ become unusable;
/// stacks must agree (up to null).
pub(super) fn merge(a: &Frame, b: &Frame) -> Result<Frame, String> {
    if a.stack.len() != b.stack.len() {
        return Err(format!(
            "stack depths {} and {} meet",
            a.stack.len(),
            b.stack.len()
        ));
    }
    let n = a.locals.len().max(b.locals.len());
    let mut locals = Vec::with_capacity(n);
    for i in 0..n {
        let x = a.locals.get(i).unwrap_or(&VType::Top);
        let y = b.locals.get(i).unwrap_or(&VType::Top);
        locals.push(if x == y {
            x.clone()
        } else {
            merge_ref(x, y).unwrap_or(VType::Top)
        });
    }
    // A long's second slot must stay Top when its first is kept.
    for i in 0..n {
        if locals[i].size() == 2 && i + 1 < n {
            locals[i + 1] = VType::Top;
        }
    }
    let mut stack = Vec::with_capacity(a.stack.len());
    for (x, y) in a.stack.iter().zip(&b.stack) {
        match merge_ref(x, y) {
            Some(t) => stack.push(t),
            None => return Err(format!("stack entries {x:?} and {y:?} meet")),
        }
    }
    Ok(Frame { locals, stack })
}

pub(super) fn check_assignable(cur: &Frame, frame: &Frame) -> Result<(), String> {
    if cur.stack.len() != frame.stack.len() {
        return Err("stack depth differs".into());
    }
    for (i, want) in frame.locals.iter().enumerate() {
        let have = cur.locals.get(i).unwrap_or(&VType::Top);
        if !assignable(have, want) {
            return Err(format!(
                "local {i} is {have:?}, the target expects {want:?}"
            ));
        }
    }
    for (have, want) in cur.stack.iter().zip(&frame.stack) {
        if !assignable(have, want) {
            return Err(format!("stack has {have:?}, the target expects {want:?}"));
        }
    }
    Ok(())
}
