//! The per-function form the dispatch loop executes: instructions and
//! terminators in one flat array, operands as register slots (a value's
//! register is its index in the function's value arena), control-flow edges
//! with their parallel moves, and immediates resolved to what execution needs
//! (field slots, prebuilt constants, switch tables).

use super::strings::PyStr;
use super::value::{FuncVal, Val};
use crate::entities::{ClassAttrId, ClassId, FieldId, FuncId, MethodId};
use crate::function::{BlockArg, BlockCall, Function, Imm, Terminator};
use crate::opcode::{Cond, Opcode};
use crate::program::Program;
use cranelift_entity::EntityRef;
use std::collections::HashMap;
use std::rc::Rc;

/// Marks "no register" (an instruction without result, an edge without catch).
pub const NONE: u32 = u32::MAX;
/// The register-slot marker for the caught exception in an edge's arguments.
pub const EXC_ARG: u32 = u32::MAX - 1;

/// A decoded function.
#[derive(Debug)]
pub struct DFunc {
    /// The function.
    pub id: FuncId,
    /// Number of registers (values of the function).
    pub nregs: usize,
    /// Registers of the entry block's parameters.
    pub params: Box<[u32]>,
    /// Instructions and terminators, block after block.
    pub code: Box<[Code]>,
    /// Operand registers of all instructions, edge arguments and block parameters.
    pub pool: Box<[u32]>,
    /// Control-flow edges.
    pub edges: Box<[Edge]>,
}

/// One step of the flat code.
#[derive(Debug)]
pub enum Code {
    /// An instruction.
    Inst(DInst),
    /// A block's terminator.
    Term(DTerm),
}

/// A decoded instruction.
#[derive(Debug)]
pub struct DInst {
    /// The operation.
    pub op: Opcode,
    /// The resolved immediate.
    pub imm: DImm,
    /// Start of the operand registers in the pool.
    pub args: u32,
    /// Number of operands.
    pub nargs: u32,
    /// The first four operands (for quick access), `NONE` past `nargs`.
    pub a: [u32; 4],
    /// Result register or `NONE`.
    pub result: u32,
    /// Catch edge index or `NONE`.
    pub catch: u32,
    /// Bit `k` set: operand `k` (of the first four) is not read after this instruction.
    pub dies: u8,
}

/// A resolved immediate.
#[derive(Debug)]
pub enum DImm {
    /// None.
    None,
    /// An int.
    Int(i64),
    /// A uint.
    UInt(u64),
    /// A float.
    Float(f64),
    /// A bool.
    Bool(bool),
    /// A prebuilt constant (`sconst`, `func_ref`).
    Const(Val),
    /// A condition.
    Cond(Cond),
    /// A class.
    Class(ClassId),
    /// A field and its slot in instances.
    Field(FieldId, u32),
    /// A method slot.
    Method(MethodId),
    /// A class attribute slot.
    ClassAttr(ClassAttrId),
    /// A function.
    Func(FuncId),
    /// A global's index.
    Global(u32),
    /// A tuple item number.
    Index(u32),
}

/// A control-flow edge: the target and the parallel move of its arguments.
#[derive(Debug)]
pub struct Edge {
    /// Code index of the target block's first step.
    pub target: u32,
    /// Start in the pool of the argument registers (`EXC_ARG` for the exception).
    pub args: u32,
    /// Start in the pool of the target's parameter registers.
    pub params: u32,
    /// Number of arguments (= parameters).
    pub n: u32,
    /// Bit `k` set: argument `k` is not read after the edge, so it is moved.
    pub moves: u64,
}

/// A decoded terminator.
#[derive(Debug)]
pub enum DTerm {
    /// `jump`.
    Jump(u32),
    /// `branch cond, then, else`.
    Branch(u32, u32, u32),
    /// `switch`: the register, its cases, and the default edge.
    Switch(u32, SwitchTable, u32),
    /// `return` with the value's register or `NONE`.
    Return(u32),
    /// `raise`.
    Raise(u32),
    /// `unreachable`.
    Unreachable,
}

/// The cases of a `switch`.
#[derive(Debug)]
pub enum SwitchTable {
    /// Keys `base..base + edges.len()`; `NONE` marks a missing key.
    Dense(i64, Box<[u32]>),
    /// Any keys.
    Sparse(HashMap<i64, u32>),
}

impl SwitchTable {
    /// The edge for `key`, if a case has it.
    pub fn lookup(&self, key: i64) -> Option<u32> {
        match self {
            SwitchTable::Dense(base, edges) => {
                let i = key.checked_sub(*base)?;
                let e = *edges.get(usize::try_from(i).ok()?)?;
                (e != NONE).then_some(e)
            }
            SwitchTable::Sparse(map) => map.get(&key).copied(),
        }
    }
}

fn reg(v: crate::entities::Value) -> u32 {
    v.index() as u32
}

struct Decoder<'a> {
    live: super::liveness::Liveness,
    func: &'a Function,
    field_slots: &'a [u32],
    code: Vec<Code>,
    pool: Vec<u32>,
    edges: Vec<Edge>,
    /// (edge index, target block index) to patch once block starts are known.
    pending: Vec<(usize, usize)>,
}

impl Decoder<'_> {
    fn edge(&mut self, bc: &BlockCall) -> u32 {
        let args = self.pool.len() as u32;
        for a in &bc.args {
            self.pool.push(match a {
                BlockArg::Value(v) => reg(*v),
                BlockArg::Exc => EXC_ARG,
            });
        }
        let params = self.pool.len() as u32;
        let target = &self.func.blocks[bc.block];
        for &p in &target.params {
            self.pool.push(reg(p));
        }
        let n = bc.args.len().min(target.params.len()) as u32;
        let moves = self.live.movable(self.func, bc);
        self.edges.push(Edge {
            target: 0,
            args,
            params,
            n,
            moves,
        });
        self.pending.push((self.edges.len() - 1, bc.block.index()));
        (self.edges.len() - 1) as u32
    }

    fn imm(&self, imm: &Imm, op: Opcode) -> DImm {
        match imm {
            Imm::None | Imm::Driver(_) => DImm::None,
            Imm::Int(n) => DImm::Int(*n),
            Imm::UInt(n) => DImm::UInt(*n),
            Imm::Float(x) => DImm::Float(*x),
            Imm::Bool(b) => DImm::Bool(*b),
            Imm::Str(s) => DImm::Const(Val::Str(Rc::new(PyStr::from_str(s)))),
            Imm::Cond(c) => DImm::Cond(*c),
            Imm::Class(c) => DImm::Class(*c),
            Imm::Field(f) => DImm::Field(*f, self.field_slots.get(f.index()).copied().unwrap_or(0)),
            Imm::Method(m) => DImm::Method(*m),
            Imm::ClassAttr(a) => DImm::ClassAttr(*a),
            Imm::Func(f) if op == Opcode::FuncRef => {
                DImm::Const(Val::Func(Rc::new(FuncVal::Plain(*f))))
            }
            Imm::Func(f) => DImm::Func(*f),
            Imm::Global(g) => DImm::Global(g.index() as u32),
            Imm::Index(i) => DImm::Index(*i),
        }
    }

    fn term(&mut self, t: &Terminator) -> DTerm {
        match t {
            Terminator::Jump(c) => DTerm::Jump(self.edge(c)),
            Terminator::Branch(v, a, b) => {
                let (ea, eb) = (self.edge(a), self.edge(b));
                DTerm::Branch(reg(*v), ea, eb)
            }
            Terminator::Switch {
                value,
                cases,
                default,
            } => {
                let mut keyed = Vec::with_capacity(cases.len());
                for (k, c) in cases {
                    keyed.push((*k, self.edge(c)));
                }
                let d = self.edge(default);
                DTerm::Switch(reg(*value), switch_table(&keyed), d)
            }
            Terminator::Return(v) => DTerm::Return(v.map_or(NONE, reg)),
            Terminator::Raise(v) => DTerm::Raise(reg(*v)),
            Terminator::Unreachable => DTerm::Unreachable,
        }
    }
}

fn switch_table(cases: &[(i64, u32)]) -> SwitchTable {
    let lo = cases.iter().map(|c| c.0).min().unwrap_or(0);
    let hi = cases.iter().map(|c| c.0).max().unwrap_or(0);
    let span = (hi as i128 - lo as i128) as u128;
    if span < 4 * cases.len() as u128 + 16 {
        let mut edges = vec![NONE; span as usize + 1];
        for &(k, e) in cases {
            edges[(k - lo) as usize] = e;
        }
        SwitchTable::Dense(lo, edges.into())
    } else {
        SwitchTable::Sparse(cases.iter().copied().collect())
    }
}

/// Decodes function `id`, or `None` if it has no body. `field_slots[f]` is
/// the slot of field `f` in every instance that has it.
pub fn decode(prog: &Program, id: FuncId, field_slots: &[u32]) -> Option<DFunc> {
    let func = &prog.funcs[id];
    let entry = func.entry()?;
    let mut d = Decoder {
        live: super::liveness::analyze(func),
        func,
        field_slots,
        code: Vec::new(),
        pool: Vec::new(),
        edges: Vec::new(),
        pending: Vec::new(),
    };
    let mut block_start = vec![0u32; func.blocks.len()];
    for &b in &func.layout {
        block_start[b.index()] = d.code.len() as u32;
        let bd = &func.blocks[b];
        for &i in &bd.insts {
            let data = &func.insts[i];
            let args = d.pool.len() as u32;
            d.pool.extend(data.args.iter().map(|&v| reg(v)));
            let mut a = [NONE; 4];
            for (k, &v) in data.args.iter().take(4).enumerate() {
                a[k] = reg(v);
            }
            let catch = match &data.catch {
                Some(c) => d.edge(c),
                None => NONE,
            };
            let imm = d.imm(&data.imm, data.op);
            d.code.push(Code::Inst(DInst {
                op: data.op,
                imm,
                args,
                nargs: data.args.len() as u32,
                a,
                result: data.result.map_or(NONE, reg),
                catch,
                dies: d.live.dies[i],
            }));
        }
        let term = match &bd.term {
            Some(t) => d.term(t),
            None => DTerm::Unreachable,
        };
        d.code.push(Code::Term(term));
    }
    for &(e, b) in &d.pending {
        d.edges[e].target = block_start[b];
    }
    Some(DFunc {
        id,
        nregs: func.values.len(),
        params: func.blocks[entry].params.iter().map(|&v| reg(v)).collect(),
        code: d.code.into(),
        pool: d.pool.into(),
        edges: d.edges.into(),
    })
}
