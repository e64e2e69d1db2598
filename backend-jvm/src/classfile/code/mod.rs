//! The bytecode builder of one method body.
//!
//! [`Code`] appends instructions while simulating the verifier's view of
//! them: every local has one declared type, the operand stack is tracked
//! entry by entry, and each label remembers the state control flow brings
//! to it. From that the builder records a StackMapTable frame at every
//! branch target and exception handler, so frames never need to be written
//! by hand. Code emitted where control cannot reach is dropped (the
//! verifier would want frames for it).
//!
//! Mistakes of the caller (popping a long as an int, jumping backwards with
//! a local unassigned that the target expects, a label never bound...) are
//! collected as an error returned by [`Code::finish`] instead of producing an
//! invalid classfile. A conditional branch whose target is beyond ±32 KiB
//! makes `finish` return [`CodeError::BranchTooFar`]; the caller then builds
//! the method again in wide mode (`goto_w`).

mod merge;
mod ops;
#[cfg(test)]
mod tests;

use super::frames::{encode, Frame, VType};
use super::insn::{kind_of, kind_ok, K};
pub use super::insn::{parse_method_descriptor, If, Invoke, Op};
use super::pool::ConstantPool;
use merge::{check_assignable, merge};
use std::collections::BTreeMap;

/// A position in the code, bound once with [`Code::bind`].
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct Label(u32);

/// A local variable slot with its declared type.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Local {
    /// First slot.
    pub slot: u16,
    /// Declared type.
    pub ty: VType,
}

/// Why a method body could not be finished.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum CodeError {
    /// A 16-bit branch offset overflowed: build again with `wide = true`.
    BranchTooFar,
    /// Anything else (code too large, inconsistent use of the builder).
    Other(String),
}

#[derive(Debug, Default)]
struct LabelData {
    pos: Option<u32>,
    state: Option<Frame>,
}

#[derive(Debug)]
struct Fixup {
    /// Byte index of the offset field.
    at: usize,
    /// Offset of the branch instruction.
    from: u32,
    label: Label,
    four: bool,
}

#[derive(Debug)]
struct Handler {
    start: u32,
    end: u32,
    handler: Label,
    catch_type: u16,
}

/// A method body under construction. See the module documentation.
pub struct Code<'p> {
    /// The class's constant pool.
    pub pool: &'p mut ConstantPool,
    bytes: Vec<u8>,
    cur: Option<Frame>,
    nslots: usize,
    initial: Vec<VType>,
    labels: Vec<LabelData>,
    fixups: Vec<Fixup>,
    frames: BTreeMap<u32, Frame>,
    handlers: Vec<Handler>,
    max_stack: usize,
    wide: bool,
    error: Option<String>,
    params: Vec<Local>,
}

/// A finished method body: bytecode, limits, exception table and frames.
#[derive(Debug)]
pub struct Finished {
    code: Vec<u8>,
    max_stack: u16,
    max_locals: u16,
    handlers: Vec<(u16, u16, u16, u16)>,
    frame_count: u16,
    frame_bytes: Vec<u8>,
}

impl Finished {
    /// The `Code` attribute's body (after its length field).
    pub fn write(&self, out: &mut Vec<u8>, stack_map_name: u16) {
        out.extend_from_slice(&self.max_stack.to_be_bytes());
        out.extend_from_slice(&self.max_locals.to_be_bytes());
        out.extend_from_slice(&(self.code.len() as u32).to_be_bytes());
        out.extend_from_slice(&self.code);
        out.extend_from_slice(&(self.handlers.len() as u16).to_be_bytes());
        for &(a, b, c, d) in &self.handlers {
            for v in [a, b, c, d] {
                out.extend_from_slice(&v.to_be_bytes());
            }
        }
        if self.frame_count == 0 {
            out.extend_from_slice(&0u16.to_be_bytes());
        } else {
            out.extend_from_slice(&1u16.to_be_bytes());
            out.extend_from_slice(&stack_map_name.to_be_bytes());
            out.extend_from_slice(&(self.frame_bytes.len() as u32 + 2).to_be_bytes());
            out.extend_from_slice(&self.frame_count.to_be_bytes());
            out.extend_from_slice(&self.frame_bytes);
        }
    }

    /// The bytecode.
    pub fn bytecode(&self) -> &[u8] {
        &self.code
    }
}

impl<'p> Code<'p> {
    /// A body whose locals start with `params` (for an instance method, the
    /// receiver first). `wide` selects `goto_w` branches.
    pub fn new(pool: &'p mut ConstantPool, params: &[VType], wide: bool) -> Self {
        let mut c = Code {
            pool,
            bytes: Vec::new(),
            cur: Some(Frame::default()),
            nslots: 0,
            initial: Vec::new(),
            labels: Vec::new(),
            fixups: Vec::new(),
            frames: BTreeMap::new(),
            handlers: Vec::new(),
            max_stack: 0,
            wide,
            error: None,
            params: Vec::new(),
        };
        for p in params {
            let l = c.local(p.clone());
            if let Some(cur) = &mut c.cur {
                cur.locals[l.slot as usize] = p.clone();
            }
            c.params.push(l);
        }
        if let Some(cur) = &c.cur {
            c.initial = cur.locals.clone();
        }
        c
    }

    /// The local holding parameter `i`.
    pub fn param(&self, i: usize) -> Local {
        self.params[i].clone()
    }

    /// Whether code emitted now is reachable.
    pub fn reachable(&self) -> bool {
        self.cur.is_some()
    }

    /// The current code offset.
    pub fn offset(&self) -> u32 {
        self.bytes.len() as u32
    }

    /// Records a builder misuse (the first one is reported by `finish`).
    pub fn fail(&mut self, msg: impl Into<String>) {
        if self.error.is_none() {
            self.error = Some(msg.into());
        }
    }

    /// Declares a new local of type `ty` (unassigned until stored).
    pub fn local(&mut self, ty: VType) -> Local {
        let slot = self.nslots;
        self.nslots += ty.size();
        if let Some(cur) = &mut self.cur {
            cur.locals.resize(self.nslots, VType::Top);
        }
        Local {
            slot: slot as u16,
            ty,
        }
    }

    /// A new label.
    pub fn label(&mut self) -> Label {
        self.labels.push(LabelData::default());
        Label(self.labels.len() as u32 - 1)
    }

    fn pop(&mut self, k: K) {
        let Some(cur) = &mut self.cur else { return };
        match cur.stack.pop() {
            Some(t) if kind_ok(k, &t) => {}
            Some(t) => {
                let msg = format!("popped {t:?} where a {k:?} was expected");
                self.fail(msg);
            }
            None => self.fail(format!("popped a {k:?} from an empty stack")),
        }
    }

    fn pop_any(&mut self) -> Option<VType> {
        let cur = self.cur.as_mut()?;
        let t = cur.stack.pop();
        if t.is_none() {
            self.fail("stack underflow");
        }
        t
    }

    fn push(&mut self, t: VType) {
        let Some(cur) = &mut self.cur else { return };
        cur.stack.push(t);
        let depth: usize = cur.stack.iter().map(VType::size).sum();
        self.max_stack = self.max_stack.max(depth);
    }

    /// The type on top of the stack, if any.
    pub fn top(&self) -> Option<&VType> {
        self.cur.as_ref().and_then(|c| c.stack.last())
    }

    /// Depth of the operand stack (entries).
    pub fn depth(&self) -> usize {
        self.cur.as_ref().map_or(0, |c| c.stack.len())
    }

    fn byte(&mut self, b: u8) {
        self.bytes.push(b);
    }

    fn u16(&mut self, v: u16) {
        self.bytes.extend_from_slice(&v.to_be_bytes());
    }

    // ---- control flow ----

    /// Merges the current state (after the branch popped its operands) into
    /// the state of `target`, or checks it against an already bound target.
    fn flow_to(&mut self, target: Label) {
        let Some(cur) = self.cur.clone() else { return };
        let data = &self.labels[target.0 as usize];
        if let Some(pos) = data.pos {
            let Some(frame) = self.frames.get(&pos).cloned() else {
                self.fail("backward jump to a label with no frame");
                return;
            };
            if let Err(e) = check_assignable(&cur, &frame) {
                self.fail(format!("backward jump to offset {pos}: {e}"));
            }
            return;
        }
        let merged = match &data.state {
            None => Ok(cur),
            Some(old) => merge(old, &cur),
        };
        match merged {
            Ok(m) => self.labels[target.0 as usize].state = Some(m),
            Err(e) => {
                let at = self.offset();
                self.fail(format!(
                    "inconsistent states at label {} (jump at {at}): {e}",
                    target.0
                ))
            }
        }
    }

    fn branch_placeholder(&mut self, op: u8, target: Label, four: bool) {
        let from = self.offset();
        self.byte(op);
        let at = self.bytes.len();
        if four {
            self.bytes.extend_from_slice(&[0, 0, 0, 0]);
        } else {
            self.u16(0);
        }
        self.fixups.push(Fixup {
            at,
            from,
            label: target,
            four,
        });
    }

    /// `goto target`; code after it is unreachable until a label is bound.
    pub fn goto(&mut self, target: Label) {
        if !self.reachable() {
            return;
        }
        self.flow_to(target);
        if self.wide {
            self.branch_placeholder(0xc8, target, true);
        } else {
            self.branch_placeholder(0xa7, target, false);
        }
        self.cur = None;
    }

    /// A conditional branch to `target`.
    pub fn branch(&mut self, cond: If, target: Label) {
        if !self.reachable() {
            return;
        }
        for &k in cond.pops().iter().rev() {
            self.pop(k);
        }
        self.flow_to(target);
        if self.wide {
            // if !cond skip; goto_w target; skip:
            let skip = self.label();
            self.branch_placeholder(cond.negate().opcode(), skip, false);
            self.branch_placeholder(0xc8, target, true);
            let state = self.cur.clone();
            self.labels[skip.0 as usize].state = state;
            self.cur = None;
            self.bind(skip);
        } else {
            self.branch_placeholder(cond.opcode(), target, false);
        }
    }

    /// Binds `label` here. Its state is the merge of the fall-through state
    /// and of every jump seen so far; with none, the code is unreachable.
    pub fn bind(&mut self, label: Label) {
        let pos = self.offset();
        if self.labels[label.0 as usize].pos.is_some() {
            self.fail("label bound twice");
            return;
        }
        if self.cur.is_some() {
            self.flow_to(label);
        }
        self.labels[label.0 as usize].pos = Some(pos);
        let Some(state) = self.labels[label.0 as usize].state.clone() else {
            self.cur = None;
            return;
        };
        let state = match self.frames.get(&pos) {
            Some(prev) => match merge(prev, &state) {
                Ok(m) => m,
                Err(e) => {
                    self.fail(e);
                    state
                }
            },
            None => state,
        };
        self.frames.insert(pos, state.clone());
        let mut state = state;
        state
            .locals
            .resize(state.locals.len().max(self.nslots), VType::Top);
        self.cur = Some(state);
    }

    /// `tableswitch` (when `cases` keys are dense) or `lookupswitch` on the
    /// int on top of the stack.
    pub fn switch(&mut self, cases: &[(i32, Label)], default: Label) {
        if !self.reachable() {
            return;
        }
        self.pop(K::I);
        for &(_, l) in cases {
            self.flow_to(l);
        }
        self.flow_to(default);
        let from = self.offset();
        let mut sorted: Vec<(i32, Label)> = cases.to_vec();
        sorted.sort_by_key(|c| c.0);
        let (lo, hi) = match (sorted.first(), sorted.last()) {
            (Some(a), Some(b)) => (a.0 as i64, b.0 as i64),
            _ => (0, -1),
        };
        let dense = !sorted.is_empty() && (hi - lo + 1) <= 2 * sorted.len() as i64 + 4;
        self.byte(if dense { 0xaa } else { 0xab });
        while !self.bytes.len().is_multiple_of(4) {
            self.byte(0);
        }
        let fix = |c: &mut Self, l: Label| {
            let at = c.bytes.len();
            c.bytes.extend_from_slice(&[0, 0, 0, 0]);
            c.fixups.push(Fixup {
                at,
                from,
                label: l,
                four: true,
            });
        };
        fix(self, default);
        if dense {
            self.bytes.extend_from_slice(&(lo as i32).to_be_bytes());
            self.bytes.extend_from_slice(&(hi as i32).to_be_bytes());
            let mut k = lo;
            let mut it = sorted.iter().peekable();
            while k <= hi {
                match it.peek() {
                    Some(&&(key, l)) if key as i64 == k => {
                        fix(self, l);
                        it.next();
                    }
                    _ => fix(self, default),
                }
                k += 1;
            }
        } else {
            self.bytes
                .extend_from_slice(&(sorted.len() as u32).to_be_bytes());
            for &(key, l) in &sorted {
                self.bytes.extend_from_slice(&key.to_be_bytes());
                fix(self, l);
            }
        }
        self.cur = None;
    }

    /// Returns (`ireturn`, `lreturn`, ... or `return` for `None`).
    pub fn ret(&mut self, t: Option<&VType>) {
        if !self.reachable() {
            return;
        }
        match t.map(kind_of) {
            None => self.byte(0xb1),
            Some(k) => {
                self.pop(k);
                self.byte(match k {
                    K::I => 0xac,
                    K::J => 0xad,
                    K::D => 0xaf,
                    K::A => 0xb0,
                });
            }
        }
        if self.depth() != 0 {
            // Legal for the verifier, but a sign of a builder bug.
            self.fail("return with values left on the stack");
        }
        self.cur = None;
    }

    /// Where a protected range starts: pair with [`Code::end_try`].
    pub fn start_try(&mut self) -> Option<(u32, Frame)> {
        self.cur.clone().map(|s| (self.offset(), s))
    }

    /// Ends the range opened by `start`: exceptions of class `catch` (None:
    /// any) thrown in it go to `handler`, with the locals of the range's
    /// start and the exception alone on the stack.
    pub fn end_try(&mut self, start: Option<(u32, Frame)>, handler: Label, catch: Option<&str>) {
        let Some((begin, state)) = start else { return };
        let end = self.offset();
        if end == begin {
            return;
        }
        let catch_type = match catch {
            Some(c) => self.pool.class(c),
            None => 0,
        };
        let exc = VType::obj(catch.unwrap_or("java/lang/Throwable"));
        let frame = Frame {
            locals: state.locals,
            stack: vec![exc],
        };
        let data = &self.labels[handler.0 as usize];
        if data.pos.is_some() {
            self.fail("exception handler bound before its range");
            return;
        }
        let merged = match &data.state {
            None => Ok(frame),
            Some(old) => merge(old, &frame),
        };
        match merged {
            Ok(m) => self.labels[handler.0 as usize].state = Some(m),
            Err(e) => self.fail(e),
        }
        self.handlers.push(Handler {
            start: begin,
            end,
            handler,
            catch_type,
        });
        self.max_stack = self.max_stack.max(1);
    }

    /// The finished body, or why it cannot be one.
    pub fn finish(mut self) -> Result<Finished, CodeError> {
        if let Some(e) = self.error.take() {
            return Err(CodeError::Other(e));
        }
        if self.reachable() {
            return Err(CodeError::Other(
                "control falls off the end of the method".into(),
            ));
        }
        if self.bytes.len() > 65535 {
            return Err(CodeError::Other(format!(
                "method body is {} bytes, over the JVM's limit of 65535",
                self.bytes.len()
            )));
        }
        for f in &self.fixups {
            let Some(pos) = self.labels[f.label.0 as usize].pos else {
                return Err(CodeError::Other("jump to a label never bound".into()));
            };
            let off = pos as i64 - f.from as i64;
            if f.four {
                self.bytes[f.at..f.at + 4].copy_from_slice(&(off as i32).to_be_bytes());
            } else {
                let Ok(o) = i16::try_from(off) else {
                    return Err(CodeError::BranchTooFar);
                };
                self.bytes[f.at..f.at + 2].copy_from_slice(&o.to_be_bytes());
            }
        }
        let mut handlers = Vec::new();
        for h in &self.handlers {
            let Some(pos) = self.labels[h.handler.0 as usize].pos else {
                return Err(CodeError::Other("exception handler never bound".into()));
            };
            handlers.push((h.start as u16, h.end as u16, pos as u16, h.catch_type));
        }
        if self.nslots > 65535 {
            return Err(CodeError::Other(format!(
                "method needs {} local slots, over the JVM's limit",
                self.nslots
            )));
        }
        // Frames are needed only where control arrives other than by
        // falling through: branch targets and handlers.
        let mut targets = std::collections::BTreeSet::new();
        for f in &self.fixups {
            if let Some(pos) = self.labels[f.label.0 as usize].pos {
                targets.insert(pos);
            }
        }
        for &(_, _, h, _) in &handlers {
            targets.insert(h as u32);
        }
        let frames: Vec<(u32, Frame)> = self
            .frames
            .into_iter()
            .filter(|(off, _)| targets.contains(off))
            .collect();
        let (frame_count, frame_bytes) = encode(self.pool, &self.initial, &frames);
        Ok(Finished {
            code: self.bytes,
            max_stack: self.max_stack as u16,
            max_locals: self.nslots as u16,
            handlers,
            frame_count,
            frame_bytes,
        })
    }
}
