//! How blocks end in tests: compares fused with the branch that uses them
//! (also under a `not`), chains of `x == K` tests turned into one switch,
//! switches on ints, and bools materialized from conditions.

use super::func::{int_if, resolve};
use super::FnGen;
use crate::classfile::code::{If, Invoke, Label, Op};
use core_ir::{Block, BlockCall, Cond, Inst, Opcode, Terminator, Value, ValueDef};

/// A switch made of a chain of tests: the operand, the cases in order and
/// the default edge.
pub(super) type SwitchChain = (Value, Vec<(i64, BlockCall)>, BlockCall);

impl FnGen<'_, '_> {
    /// The compare instruction ending block `b` whose only use is the
    /// block's branch, if any: it is emitted as a conditional jump.
    pub(super) fn fusable_branch(&self, b: Block) -> Option<(Inst, usize)> {
        let data = &self.f.blocks[b];
        let Some(Terminator::Branch(c, _, _)) = &data.term else {
            return None;
        };
        let &last = data.insts.last()?;
        if !self.fusable(last, *c) {
            return None;
        }
        // `not (compare)` just before: both become one jump.
        let inst = &self.f.insts[last];
        if inst.op == Opcode::BoolNot && data.insts.len() >= 2 {
            let prev = data.insts[data.insts.len() - 2];
            let arg = inst.args[0];
            if self.f.insts[prev].op != Opcode::BoolNot && self.fusable(prev, arg) {
                return Some((last, 2));
            }
        }
        Some((last, 1))
    }

    /// A chain of `x == K1`, `x == K2`, ... tests (one per block, each
    /// else-block reached only from the previous test and holding nothing
    /// but constants and its test) starting at block `b`, as the operand `x`,
    /// the cases in order (the first test of a key wins) and the default
    /// edge: it becomes one `switch`.
    pub(super) fn switch_chain(&self, b: Block) -> Option<SwitchChain> {
        let (x, key, then, mut other) = self.key_test(b, None)?;
        let mut cases = vec![(key, then)];
        loop {
            let e = other.block;
            if self.incoming[e] != 1
                || !self.f.blocks[e].params.is_empty()
                || Some(e) == self.f.entry()
            {
                break;
            }
            let Some((_, k, t, o)) = self.key_test(e, Some(x)) else {
                break;
            };
            let data = &self.f.blocks[e];
            let n = data.insts.len();
            if data.insts[..n - 1]
                .iter()
                .any(|&i| self.constant_of(i).is_none())
            {
                break;
            }
            if !cases.iter().any(|(key, _)| *key == k) {
                cases.push((k, t));
            }
            other = o;
        }
        if cases.len() < 3 {
            return None;
        }
        Some((x, cases, other))
    }

    /// The test `x == K` (K an int constant) ending block `b` with a branch,
    /// its result used only there: `(x, K, then, else)`; with `want`, `x`
    /// must be that value.
    pub(super) fn key_test(
        &self,
        b: Block,
        want: Option<Value>,
    ) -> Option<(Value, i64, BlockCall, BlockCall)> {
        let data = &self.f.blocks[b];
        let Some(Terminator::Branch(c, then, other)) = &data.term else {
            return None;
        };
        let &last = data.insts.last()?;
        let inst = &self.f.insts[last];
        if inst.op != Opcode::IntCmp
            || inst.imm != core_ir::Imm::Cond(Cond::Eq)
            || !self.fusable(last, *c)
        {
            return None;
        }
        let key_of = |v: Value| match self.f.values[v].def {
            ValueDef::Result(i) => match self.constant_of(i) {
                Some((Opcode::Iconst, core_ir::Imm::Int(k))) => Some(k),
                _ => None,
            },
            _ => None,
        };
        let (a, bb) = (inst.args[0], inst.args[1]);
        let (x, k) = match (key_of(a), key_of(bb)) {
            (None, Some(k)) => (a, k),
            (Some(k), None) => (bb, k),
            _ => return None,
        };
        let x = resolve(&self.alias, x);
        if want.is_some_and(|w| w != x) {
            return None;
        }
        Some((x, k, then.clone(), other.clone()))
    }

    /// Whether instruction `i` is a compare producing `v`, used once, that
    /// can be emitted as a conditional jump.
    pub(super) fn fusable(&self, i: Inst, v: Value) -> bool {
        let inst = &self.f.insts[i];
        if inst.result != Some(v) || inst.catch.is_some() || self.uses[v] != 1 {
            return false;
        }
        matches!(
            inst.op,
            Opcode::IntCmp
                | Opcode::UintCmp
                | Opcode::FloatCmp
                | Opcode::IsNone
                | Opcode::RefIs
                | Opcode::BoolNot
                | Opcode::InstanceOf
        )
    }

    /// Emits the test of compare `i`, leaving the operands consumed; the
    /// returned condition jumps when the compare is true.
    pub fn cond_jump(&mut self, i: Inst) -> If {
        let inst = &self.f.insts[i];
        let args = inst.args.clone();
        let cond = match inst.imm {
            core_ir::Imm::Cond(c) => Some(c),
            _ => None,
        };
        match inst.op {
            Opcode::IntCmp => {
                self.load(args[0]);
                self.load(args[1]);
                self.c.op(Op::Lcmp);
                int_if(cond.unwrap_or(Cond::Eq))
            }
            Opcode::UintCmp => {
                self.load(args[0]);
                self.load(args[1]);
                self.c
                    .invoke(Invoke::Static, "java/lang/Long", "compareUnsigned", "(JJ)I");
                int_if(cond.unwrap_or(Cond::Eq))
            }
            Opcode::FloatCmp => {
                let c = cond.unwrap_or(Cond::Eq);
                self.load(args[0]);
                self.load(args[1]);
                // NaN must make every condition but `ne` false.
                self.c.op(match c {
                    Cond::Lt | Cond::Le => Op::Dcmpg,
                    _ => Op::Dcmpl,
                });
                int_if(c)
            }
            Opcode::IsNone => {
                self.load(args[0]);
                If::Null
            }
            Opcode::RefIs => {
                self.load(args[0]);
                self.load(args[1]);
                If::AcmpEq
            }
            Opcode::BoolNot => match self.inner_not.take() {
                // not (compare): the compare's jump, negated
                Some(inner) => self.cond_jump(inner).negate(),
                None => {
                    self.load(args[0]);
                    If::Eq
                }
            },
            Opcode::InstanceOf => {
                let core_ir::Imm::Class(c) = inst.imm else {
                    self.c.fail("instance_of without a class");
                    return If::Ne;
                };
                self.load(args[0]);
                let name = self.l.class(c).to_string();
                self.c.instance_of(&name);
                If::Ne
            }
            _ => {
                self.c.fail("not a compare");
                If::Ne
            }
        }
    }

    /// Materializes the condition `cond` (operands on the stack) as 0 or 1.
    pub fn bool_from_if(&mut self, cond: If) {
        let yes = self.c.label();
        let end = self.c.label();
        self.c.branch(cond, yes);
        self.c.iconst(0);
        self.c.goto(end);
        self.c.bind(yes);
        self.c.iconst(1);
        self.c.bind(end);
    }

    pub(super) fn switch(&mut self, value: Value, cases: &[(i64, BlockCall)], default: &BlockCall) {
        let small = cases.iter().all(|(k, _)| i32::try_from(*k).is_ok());
        // One trampoline per edge that passes values.
        let mut targets = Vec::new();
        let mut trampolines = Vec::new();
        for (k, cb) in cases {
            if self.edge_is_plain(cb) {
                targets.push((*k, self.label(cb.block)));
            } else {
                let t = self.c.label();
                targets.push((*k, t));
                trampolines.push((t, cb));
            }
        }
        let def = if self.edge_is_plain(default) {
            self.label(default.block)
        } else {
            let t = self.c.label();
            trampolines.push((t, default));
            t
        };
        if small {
            // Values outside the int range go to the default.
            self.load(value);
            self.c.op(Op::L2i);
            self.c.op(Op::I2l);
            self.load(value);
            self.c.op(Op::Lcmp);
            self.c.branch(If::Ne, def);
            self.load(value);
            self.c.op(Op::L2i);
            let cases32: Vec<(i32, Label)> = targets.iter().map(|&(k, l)| (k as i32, l)).collect();
            self.c.switch(&cases32, def);
        } else {
            for &(k, l) in &targets {
                self.load(value);
                self.c.lconst(k);
                self.c.op(Op::Lcmp);
                self.c.branch(If::Eq, l);
            }
            self.c.goto(def);
        }
        for (t, cb) in trampolines {
            self.c.bind(t);
            self.edge(cb, false);
        }
    }
}
