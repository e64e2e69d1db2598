//! The trace IR: a linear list of operations on SSA values, recorded by the
//! tracing meta-interpreter, rewritten by the optimizer and compiled by
//! the code generator. Value `n` is the result of operation `n`; the first
//! operations of a loop are its [`Op::Input`]s (the reds at the merge
//! point), and the last is the [`Op::Jump`] back to them.

use crate::jitcode::kind;
use std::collections::BTreeMap;
use std::fmt::Write;

/// An operand: a value of the trace or a constant.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Arg {
    /// The result of operation `n`.
    V(u32),
    /// A raw constant word (ints, float bits, None as 0).
    C(u64),
    /// A constant reference held by the JIT's permanent GC root `n`.
    R(u32),
    /// Only in snapshots: virtual object `n` of the snapshot (an
    /// allocation the optimizer removed), built when the guard fails.
    Virt(u32),
}

impl Arg {
    /// Whether the operand is a constant.
    pub fn is_const(self) -> bool {
        !matches!(self, Arg::V(_))
    }
}

/// Trace operations. Conditions (`u8`) use the IR's order: eq ne lt le gt ge.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Op {
    /// Input `n` of the loop (a red).
    Input(u32),
    /// Wrapping `a + b`.
    Add,
    /// Wrapping `a - b`.
    Sub,
    /// Wrapping `a * b`.
    Mul,
    /// `a & b`
    And,
    /// `a | b`
    Or,
    /// `a ^ b`
    Xor,
    /// `-a`
    Neg,
    /// `~a`
    Invert,
    /// `abs(a)`
    Abs,
    /// Signed comparison.
    ICmp(u8),
    /// Unsigned comparison.
    UCmp(u8),
    /// `a + b`, leaving the trace when it overflows.
    AddOvf,
    /// `a - b`, leaving the trace when it overflows.
    SubOvf,
    /// `a * b`, leaving the trace when it overflows.
    MulOvf,
    /// Float `+`.
    FAdd,
    /// Float `-`.
    FSub,
    /// Float `*`.
    FMul,
    /// Float `-a`.
    FNeg,
    /// Float `abs`.
    FAbs,
    /// Float comparison.
    FCmp(u8),
    /// `float(a)`.
    IToF,
    /// `c ? a : b`
    Select,
    /// `a is None`
    IsNone,
    /// `a is b`
    RefIs,
    /// `a` is an instance of a class with type id in `lo..=hi` (a is not None).
    InstanceOf(u32, u32),
    /// Load of the word at byte offset `off` of a non-None object.
    GetField(u32),
    /// Load of an immutable field (written only by its object's
    /// `__init__`): pure, and folded when the object is a constant.
    GetImm(u32),
    /// Python `a // b` (floor division; the trace has guarded that `b` is
    /// neither 0 nor -1).
    FloorDiv,
    /// Python `a % b` (the sign of `b`; the trace has guarded `b != 0`).
    Mod,
    /// Store of a word at byte offset `off` of a non-None object.
    SetField(u32),
    /// Load of word `i` of an array (`args: array, i`).
    ArrLoad,
    /// Store into word `i` of an array (`args: array, i, value`).
    ArrStore,
    /// Read of global slot `n`.
    GlobalGet(u32),
    /// Write of global slot `n`.
    GlobalSet(u32),
    /// Call of thunk `n` with the operands (a residual operation or call).
    Call(u32),
    /// Leaves the trace unless the operand is true.
    GuardTrue,
    /// Leaves the trace unless the operand is false.
    GuardFalse,
    /// Leaves the trace unless both operands are equal.
    GuardEq,
    /// Leaves the trace if the operand is None.
    GuardNonNull,
    /// Leaves the trace if an exception is pending (after a call).
    GuardNoExc,
    /// Back to the inputs with the operands (to the `label`, when the
    /// trace has one).
    Jump,
    /// Start of the loop proper after a peeled first iteration (see
    /// `opt::peel`); its operands are the loop's values on entry, which
    /// the following `param` operations name.
    Label,
    /// Value `n` of the `label` (the loop input `n` of this iteration).
    Param(u32),
    /// Leaves the trace for good (its snapshot resumes at a merge point
    /// whose loop is already compiled).
    Finish,
    /// A new zeroed object with type id `tid` of `size` bytes (an instance,
    /// or a tuple whose items are then stored by `setfield`).
    New(u32, u32),
}

impl Op {
    /// Whether the operation is a guard.
    pub fn is_guard(self) -> bool {
        matches!(
            self,
            Op::GuardTrue
                | Op::GuardFalse
                | Op::GuardEq
                | Op::GuardNonNull
                | Op::GuardNoExc
                | Op::AddOvf
                | Op::SubOvf
                | Op::MulOvf
        )
    }

    /// Whether the operation has no effect and no guard: it may be removed
    /// when unused, folded, or merged with an equal one.
    pub fn is_pure(self) -> bool {
        matches!(
            self,
            Op::Add
                | Op::Sub
                | Op::Mul
                | Op::And
                | Op::Or
                | Op::Xor
                | Op::Neg
                | Op::Invert
                | Op::Abs
                | Op::ICmp(_)
                | Op::UCmp(_)
                | Op::FAdd
                | Op::FSub
                | Op::FMul
                | Op::FNeg
                | Op::FAbs
                | Op::FCmp(_)
                | Op::IToF
                | Op::Select
                | Op::IsNone
                | Op::RefIs
                | Op::InstanceOf(..)
                | Op::GetImm(_)
                | Op::FloorDiv
                | Op::Mod
        )
    }
}

/// One frame of a guard's resume data.
#[derive(Clone, Debug, PartialEq)]
pub struct SFrame {
    /// Jitcode function.
    pub func: u32,
    /// Where the interpreter resumes: the instruction to run (top frame),
    /// or the call being made (other frames).
    pub pc: u32,
    /// Register operands and their values.
    pub regs: Vec<(u32, Arg)>,
}

/// An object the optimizer removed from the trace that a snapshot refers
/// to (as [`Arg::Virt`]): made when the guard fails.
#[derive(Clone, Debug, PartialEq)]
pub struct SVirtual {
    /// Type id.
    pub tid: u32,
    /// Size in bytes.
    pub size: u32,
    /// Its non-zero fields: byte offset and value (which may be another
    /// virtual of the snapshot).
    pub fields: Vec<(u32, Arg)>,
}

/// A guard's resume data: the interpreter frames to rebuild, outermost first.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Snapshot {
    /// The frames.
    pub frames: Vec<SFrame>,
    /// The top frame resumes by raising the pending exception at its pc
    /// (after a call that raised).
    pub exc: bool,
    /// The virtual objects `Arg::Virt(k)` names (empty before optimization).
    pub virtuals: Vec<SVirtual>,
}

impl Snapshot {
    /// Every operand the snapshot keeps: register values, then the fields
    /// of its virtuals.
    pub fn operands(&self) -> impl Iterator<Item = Arg> + '_ {
        self.frames
            .iter()
            .flat_map(|f| f.regs.iter().map(|r| r.1))
            .chain(
                self.virtuals
                    .iter()
                    .flat_map(|v| v.fields.iter().map(|f| f.1)),
            )
    }

    /// Applies `f` to every operand (registers and virtuals' fields).
    pub fn map_operands(&mut self, mut f: impl FnMut(Arg) -> Arg) {
        for fr in &mut self.frames {
            for r in &mut fr.regs {
                r.1 = f(r.1);
            }
        }
        for v in &mut self.virtuals {
            for fl in &mut v.fields {
                fl.1 = f(fl.1);
            }
        }
    }
}

/// A recorded operation.
#[derive(Clone, Debug)]
pub struct TOp {
    /// The operation.
    pub op: Op,
    /// Its operands.
    pub args: Vec<Arg>,
    /// Kind of its result ([`kind::VOID`] if none).
    pub kind: u8,
    /// The snapshot of a guard (index in [`Trace::snaps`]).
    pub snap: u32,
}

/// A trace.
#[derive(Clone, Debug, Default)]
pub struct Trace {
    /// The operations.
    pub ops: Vec<TOp>,
    /// Snapshots of the guards.
    pub snaps: Vec<Snapshot>,
}

/// No snapshot.
pub const NO_SNAP: u32 = u32::MAX;

impl Trace {
    /// Appends an operation; its value.
    pub fn push(&mut self, op: Op, args: Vec<Arg>, kind: u8) -> Arg {
        self.ops.push(TOp {
            op,
            args,
            kind,
            snap: NO_SNAP,
        });
        Arg::V(self.ops.len() as u32 - 1)
    }

    /// Appends operation `o` of trace `from` as `op` with `args`, its
    /// snapshot (if any) copied with every operand passed through `map`;
    /// its value.
    pub fn push_from(
        &mut self,
        from: &Trace,
        o: &TOp,
        op: Op,
        args: Vec<Arg>,
        map: impl FnMut(Arg) -> Arg,
    ) -> Arg {
        let snap = if o.snap != NO_SNAP {
            let mut s = from.snaps[o.snap as usize].clone();
            s.map_operands(map);
            self.snaps.push(s);
            self.snaps.len() as u32 - 1
        } else {
            NO_SNAP
        };
        self.ops.push(TOp {
            op,
            args,
            kind: o.kind,
            snap,
        });
        Arg::V(self.ops.len() as u32 - 1)
    }

    /// Appends a guard with its snapshot.
    pub fn guard(&mut self, op: Op, args: Vec<Arg>, snap: Snapshot) -> Arg {
        self.guard_kind(op, args, kind::VOID, snap)
    }

    /// Appends a guard producing a value (overflow-checked arithmetic).
    pub fn guard_kind(&mut self, op: Op, args: Vec<Arg>, k: u8, snap: Snapshot) -> Arg {
        self.snaps.push(snap);
        self.ops.push(TOp {
            op,
            args,
            kind: k,
            snap: self.snaps.len() as u32 - 1,
        });
        Arg::V(self.ops.len() as u32 - 1)
    }

    /// Number of loop inputs.
    pub fn ninputs(&self) -> usize {
        self.ops
            .iter()
            .take_while(|o| matches!(o.op, Op::Input(_)))
            .count()
    }

    /// The text form (one operation a line), as in the JIT log; `names`
    /// gives how a call shows its thunk (`thunk7`, or with the thunk's name
    /// `thunk7:int_mod`: [`thunk_label`]).
    pub fn render(&self, names: &dyn Fn(u32) -> String) -> String {
        let mut s = String::new();
        for (n, o) in self.ops.iter().enumerate() {
            let _ = write!(s, "  ");
            if o.kind != kind::VOID {
                let t = match o.kind {
                    kind::REF => 'r',
                    kind::FLOAT => 'f',
                    _ => 'i',
                };
                let _ = write!(s, "{t}{n} = ");
            }
            let name = match o.op {
                Op::Call(t) => format!("call {}", names(t)),
                other => op_name(other),
            };
            let _ = write!(s, "{name}(");
            for (k, a) in o.args.iter().enumerate() {
                if k > 0 {
                    let _ = write!(s, ", ");
                }
                s.push_str(&arg_text(*a));
            }
            let _ = write!(s, ")");
            if o.snap != NO_SNAP {
                if let Some(sn) = self.snaps.get(o.snap as usize) {
                    let pcs: Vec<String> = sn
                        .frames
                        .iter()
                        .map(|f| format!("{}@{}", f.func, f.pc))
                        .collect();
                    let mut vals = Vec::new();
                    for f in &sn.frames {
                        for (_, a) in &f.regs {
                            vals.push(arg_text(*a));
                        }
                    }
                    let _ = write!(
                        s,
                        " [guard #{} resume {}{}: {}",
                        o.snap,
                        pcs.join(" > "),
                        if sn.exc { " raising" } else { "" },
                        vals.join(" ")
                    );
                    for (k, v) in sn.virtuals.iter().enumerate() {
                        let fields: Vec<String> = v
                            .fields
                            .iter()
                            .map(|(off, a)| format!("{off}={}", arg_text(*a)))
                            .collect();
                        let _ = write!(
                            s,
                            "; virtual#{k} = new[{},{}]({})",
                            v.tid,
                            v.size,
                            fields.join(" ")
                        );
                    }
                    s.push(']');
                }
            }
            s.push('\n');
        }
        s
    }
}

/// How the log names thunk `t` in a call: `thunkT:NAME`, or `thunkT` when
/// `name` is empty. Characters of `name` that would end it in the text
/// form (white space, parentheses, commas) are shown as `_`.
pub fn thunk_label(t: u32, name: &str) -> String {
    if name.is_empty() {
        return format!("thunk{t}");
    }
    let name: String = name
        .chars()
        .map(|c| {
            if c.is_whitespace() || matches!(c, '(' | ')' | ',') {
                '_'
            } else {
                c
            }
        })
        .collect();
    format!("thunk{t}:{name}")
}

/// The log name of an operation.
pub fn op_name(op: Op) -> String {
    const CONDS: [&str; 6] = ["eq", "ne", "lt", "le", "gt", "ge"];
    let c = |k: u8| CONDS.get(k as usize).copied().unwrap_or("?");
    match op {
        Op::Input(n) => format!("input{n}"),
        Op::Param(n) => format!("param{n}"),
        Op::ICmp(k) => format!("int_{}", c(k)),
        Op::UCmp(k) => format!("uint_{}", c(k)),
        Op::FCmp(k) => format!("float_{}", c(k)),
        Op::InstanceOf(a, b) => format!("instance_of[{a}..{b}]"),
        Op::GetField(o) => format!("getfield[{o}]"),
        Op::GetImm(o) => format!("getfield_imm[{o}]"),
        Op::SetField(o) => format!("setfield[{o}]"),
        Op::GlobalGet(g) => format!("global_get[{g}]"),
        Op::GlobalSet(g) => format!("global_set[{g}]"),
        Op::Call(t) => format!("call[{t}]"),
        Op::New(t, n) => format!("new[{t},{n}]"),
        other => {
            let s = format!("{other:?}");
            let mut out = String::new();
            for (k, ch) in s.chars().enumerate() {
                if ch.is_ascii_uppercase() {
                    if k > 0 {
                        out.push('_');
                    }
                    out.push(ch.to_ascii_lowercase());
                } else {
                    out.push(ch);
                }
            }
            out
        }
    }
}

fn arg_text(a: Arg) -> String {
    match a {
        Arg::V(v) => format!("v{v}"),
        Arg::C(c) => format!("{}", c as i64),
        Arg::R(r) => format!("const_ref#{r}"),
        Arg::Virt(k) => format!("virtual#{k}"),
    }
}

fn parse_arg(t: &str) -> Result<Arg, String> {
    let t = t.trim();
    if let Some(n) = t.strip_prefix("const_ref#") {
        return n
            .parse()
            .map(Arg::R)
            .map_err(|_| format!("bad operand `{t}`"));
    }
    if let Some(n) = t.strip_prefix("virtual#") {
        return n
            .parse()
            .map(Arg::Virt)
            .map_err(|_| format!("bad operand `{t}`"));
    }
    if let Some(n) = t.strip_prefix('v') {
        return n
            .parse()
            .map(Arg::V)
            .map_err(|_| format!("bad operand `{t}`"));
    }
    t.parse::<i64>()
        .map(|c| Arg::C(c as u64))
        .map_err(|_| format!("bad operand `{t}`"))
}

fn bracketed(name: &str, prefix: &str) -> Option<u32> {
    name.strip_prefix(prefix)?.strip_suffix(']')?.parse().ok()
}

fn parse_op(name: &str) -> Result<Op, String> {
    const CONDS: [&str; 6] = ["eq", "ne", "lt", "le", "gt", "ge"];
    let cond = |s: &str| CONDS.iter().position(|c| *c == s).map(|k| k as u8);
    if let Some(n) = name.strip_prefix("input") {
        if let Ok(n) = n.parse() {
            return Ok(Op::Input(n));
        }
    }
    if let Some(n) = name.strip_prefix("param") {
        if let Ok(n) = n.parse() {
            return Ok(Op::Param(n));
        }
    }
    if let Some(t) = name.strip_prefix("call thunk") {
        // `call thunkN` or `call thunkN:NAME` (the name is only for readers).
        let n = t.split_once(':').map_or(t, |(n, _)| n);
        return n
            .parse()
            .map(Op::Call)
            .map_err(|_| format!("bad call `{name}`"));
    }
    for (p, f) in [
        ("getfield[", Op::GetField as fn(u32) -> Op),
        ("getfield_imm[", Op::GetImm),
        ("setfield[", Op::SetField),
        ("global_get[", Op::GlobalGet),
        ("global_set[", Op::GlobalSet),
        ("call[", Op::Call),
    ] {
        if let Some(n) = bracketed(name, p) {
            return Ok(f(n));
        }
    }
    if let Some((a, b)) = name
        .strip_prefix("new[")
        .and_then(|r| r.strip_suffix(']'))
        .and_then(|r| r.split_once(','))
    {
        if let (Ok(a), Ok(b)) = (a.parse(), b.parse()) {
            return Ok(Op::New(a, b));
        }
    }
    if let Some(r) = name
        .strip_prefix("instance_of[")
        .and_then(|r| r.strip_suffix(']'))
    {
        if let Some((a, b)) = r.split_once("..") {
            if let (Ok(a), Ok(b)) = (a.parse(), b.parse()) {
                return Ok(Op::InstanceOf(a, b));
            }
        }
    }
    for (p, f) in [
        ("int_", Op::ICmp as fn(u8) -> Op),
        ("uint_", Op::UCmp),
        ("float_", Op::FCmp),
    ] {
        if let Some(c) = name.strip_prefix(p).and_then(cond) {
            return Ok(f(c));
        }
    }
    let plain = [
        Op::Add,
        Op::Sub,
        Op::Mul,
        Op::And,
        Op::Or,
        Op::Xor,
        Op::Neg,
        Op::Invert,
        Op::Abs,
        Op::FloorDiv,
        Op::Mod,
        Op::AddOvf,
        Op::SubOvf,
        Op::MulOvf,
        Op::FAdd,
        Op::FSub,
        Op::FMul,
        Op::FNeg,
        Op::FAbs,
        Op::IToF,
        Op::Select,
        Op::IsNone,
        Op::RefIs,
        Op::ArrLoad,
        Op::ArrStore,
        Op::GuardTrue,
        Op::GuardFalse,
        Op::GuardEq,
        Op::GuardNonNull,
        Op::GuardNoExc,
        Op::Jump,
        Op::Label,
        Op::Finish,
    ];
    plain
        .into_iter()
        .find(|&o| op_name(o) == name)
        .ok_or_else(|| format!("unknown operation `{name}`"))
}

/// Parses the text form of [`Trace::render`] (for tests): one operation a
/// line, `[rif]N = ` before operations with a result (`r` reference, `f`
/// float, `i` int), values named by line (`vN` is line N's result). A guard
/// line ends with `[...: OPERANDS]`, the values its snapshot keeps (one
/// frame). Blank lines and lines starting with `#` are skipped. A call
/// names its thunk `thunkN` or `thunkN:NAME` ([`thunk_label`]); the name is
/// dropped ([`parse_named`] keeps it).
pub fn parse(text: &str) -> Result<Trace, String> {
    parse_named(text).map(|(t, _)| t)
}

/// [`parse`], also answering the thunk names the calls give
/// (`call thunkN:NAME`), by thunk: rendering the trace with
/// `|t| thunk_label(t, names.get(&t)...)` gives the text back.
pub fn parse_named(text: &str) -> Result<(Trace, BTreeMap<u32, String>), String> {
    let mut names = BTreeMap::new();
    let mut t = Trace::default();
    for (ln, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |m: String| format!("line {}: {m}", ln + 1);
        let (kd, rest) = match line.split_once(" = ") {
            Some((lhs, rhs)) if !lhs.contains('(') => {
                let k = match lhs.chars().next() {
                    Some('r') => kind::REF,
                    Some('f') => kind::FLOAT,
                    _ => kind::INT,
                };
                // The name's number is the operation's position (value
                // `n` is the result of operation `n`).
                let n = t.ops.len();
                if lhs.get(1..).and_then(|d| d.parse::<usize>().ok()) != Some(n) {
                    return Err(err(format!("`{lhs}` is operation {n}")));
                }
                (k, rhs)
            }
            _ => (kind::VOID, line),
        };
        let (call, snap) = match rest.split_once(" [") {
            Some((c, s)) => (c, Some(s.trim_end_matches(']'))),
            None => (rest, None),
        };
        let open = call.find('(').ok_or_else(|| err("missing `(`".into()))?;
        let name = &call[..open];
        let inner = call[open + 1..]
            .strip_suffix(')')
            .ok_or_else(|| err("missing `)`".into()))?;
        let op = parse_op(name).map_err(err)?;
        if let (Op::Call(th), Some((_, nm))) = (
            op,
            name.strip_prefix("call thunk")
                .and_then(|r| r.split_once(':')),
        ) {
            names.insert(th, nm.to_string());
        }
        let args = inner
            .split(',')
            .filter(|a| !a.trim().is_empty())
            .map(parse_arg)
            .collect::<Result<Vec<_>, _>>()
            .map_err(err)?;
        match snap {
            Some(s) => {
                let vals = s.split_once(':').map_or("", |(_, v)| v);
                let mut parts = vals.split(';');
                let regs = parts
                    .next()
                    .unwrap_or("")
                    .split_whitespace()
                    .enumerate()
                    .map(|(k, a)| parse_arg(a).map(|a| (k as u32, a)))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(err)?;
                let virtuals = parts
                    .map(parse_virtual)
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(err)?;
                let sn = Snapshot {
                    frames: vec![SFrame {
                        func: 0,
                        pc: t.ops.len() as u32,
                        regs,
                    }],
                    exc: false,
                    virtuals,
                };
                t.guard_kind(op, args, kd, sn);
            }
            None => {
                t.push(op, args, kd);
            }
        }
    }
    Ok((t, names))
}

/// Parses ` virtual#K = new[TID,SIZE](OFF=VALUE ...)`.
fn parse_virtual(text: &str) -> Result<SVirtual, String> {
    let bad = || format!("bad virtual `{}`", text.trim());
    let (_, def) = text.split_once('=').ok_or_else(bad)?;
    let def = def.trim();
    let open = def.find('(').ok_or_else(bad)?;
    let Op::New(tid, size) = parse_op(&def[..open])? else {
        return Err(bad());
    };
    let inner = def[open + 1..].strip_suffix(')').ok_or_else(bad)?;
    let fields = inner
        .split_whitespace()
        .map(|f| {
            let (off, a) = f.split_once('=').ok_or_else(bad)?;
            Ok((off.parse().map_err(|_| bad())?, parse_arg(a)?))
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(SVirtual { tid, size, fields })
}
