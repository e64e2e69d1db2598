//! Which operands of each instruction are last uses: the value is not read
//! again on any path after the instruction (catch edges and terminator
//! edges count as reads after every instruction of the block).
//!
//! The dispatch loop uses this to move a dying str out of its register, so
//! that `s = s + t` in a loop appends in place when nothing else holds `s`,
//! as CPython does for a string with one reference.

use crate::entities::{Block, Inst, Value};
use crate::function::{BlockArg, BlockCall, Function};
use cranelift_entity::{EntityRef, SecondaryMap};

/// A set of values as a bit vector.
#[derive(Clone, PartialEq)]
struct Set(Vec<u64>);

impl Set {
    fn new(n: usize) -> Set {
        Set(vec![0; n.div_ceil(64)])
    }
    fn insert(&mut self, v: Value) {
        let i = v.index();
        if let Some(w) = self.0.get_mut(i / 64) {
            *w |= 1 << (i % 64);
        }
    }
    fn remove(&mut self, v: Value) {
        let i = v.index();
        if let Some(w) = self.0.get_mut(i / 64) {
            *w &= !(1 << (i % 64));
        }
    }
    fn contains(&self, v: Value) -> bool {
        let i = v.index();
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
    fn union(&mut self, other: &Set) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a |= b;
        }
    }
}

fn edges(f: &Function, b: Block) -> Vec<&BlockCall> {
    f.block_successors(b)
}

/// Values read at the end of block `b`: terminator operands and edge arguments.
fn end_uses(f: &Function, b: Block, n: usize) -> Set {
    let mut s = Set::new(n);
    if let Some(t) = &f.blocks[b].term {
        for v in t.operands() {
            s.insert(v);
        }
    }
    for e in edges(f, b) {
        for a in &e.args {
            if let BlockArg::Value(v) = a {
                s.insert(*v);
            }
        }
    }
    s
}

/// The liveness facts the dispatch loop uses.
pub struct Liveness {
    /// For each instruction, a bit mask of its operand positions (0..4)
    /// whose value dies there.
    pub dies: SecondaryMap<Inst, u8>,
    live_in: SecondaryMap<Block, Option<Set>>,
}

impl Liveness {
    /// A bit mask of the arguments of edge `bc` that may be moved rather than
    /// copied: values passed once and not live in the target (beyond its parameters).
    pub fn movable(&self, f: &Function, bc: &BlockCall) -> u64 {
        let target = &f.blocks[bc.block];
        let mut mask = 0u64;
        for (k, a) in bc.args.iter().enumerate().take(64) {
            let BlockArg::Value(v) = a else { continue };
            let once = bc
                .args
                .iter()
                .filter(|x| **x == BlockArg::Value(*v))
                .count()
                == 1;
            let live_after = match &self.live_in[bc.block] {
                Some(s) => s.contains(*v) && !target.params.contains(v),
                None => true,
            };
            if once && !live_after {
                mask |= 1 << k;
            }
        }
        mask
    }
}

/// Computes the liveness facts of `f`.
pub fn analyze(f: &Function) -> Liveness {
    let n = f.values.len();
    let mut live_in: SecondaryMap<Block, Option<Set>> = SecondaryMap::new();
    let mut live_out: SecondaryMap<Block, Option<Set>> = SecondaryMap::new();
    let mut changed = true;
    while changed {
        changed = false;
        for &b in f.layout.iter().rev() {
            let mut out = end_uses(f, b, n);
            for e in edges(f, b) {
                if let Some(s) = &live_in[e.block] {
                    let mut s = s.clone();
                    for &p in &f.blocks[e.block].params {
                        s.remove(p);
                    }
                    out.union(&s);
                }
            }
            let mut live = out.clone();
            for &i in f.blocks[b].insts.iter().rev() {
                let d = &f.insts[i];
                if let Some(r) = d.result {
                    live.remove(r);
                }
                for &a in &d.args {
                    live.insert(a);
                }
            }
            if live_in[b].as_ref() != Some(&live) {
                live_in[b] = Some(live);
                changed = true;
            }
            live_out[b] = Some(out);
        }
    }
    let mut dies: SecondaryMap<Inst, u8> = SecondaryMap::new();
    for &b in &f.layout {
        let Some(mut live) = live_out[b].clone() else {
            continue;
        };
        for &i in f.blocks[b].insts.iter().rev() {
            let d = &f.insts[i];
            let mut mask = 0u8;
            for (k, &a) in d.args.iter().enumerate().take(4) {
                if !live.contains(a) {
                    mask |= 1 << k;
                }
            }
            dies[i] = mask;
            if let Some(r) = d.result {
                live.remove(r);
            }
            for &a in &d.args {
                live.insert(a);
            }
        }
    }
    Liveness { dies, live_in }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loop_accumulator_dies_at_its_last_use() {
        let prog = crate::parse(
            "func @f(str, int) -> str {
block0(v0: str, v1: int):
    v2: int = iconst 0
    jump block1(v0, v2)

block1(v3: str, v4: int):
    v5: bool = int_cmp lt v4, v1
    branch v5, block2, block3

block2:
    v6: str = sconst \"x\"
    v7: str = str_concat v3, v6
    v8: int = iconst 1
    v9: int = int_add v4, v8
    jump block1(v7, v9)

block3:
    return v3
}
",
        )
        .unwrap();
        let f = &prog.funcs[prog.func_by_name("f").unwrap()];
        let live = analyze(f);
        let dies = &live.dies;
        let find = |op: crate::Opcode| {
            f.insts
                .iter()
                .find(|(_, d)| d.op == op)
                .map(|(i, _)| i)
                .unwrap()
        };
        // v3 dies at the concat, v6 too; v4 does not die at the compare (used by int_add).
        assert_eq!(dies[find(crate::Opcode::StrConcat)], 0b11);
        assert_eq!(dies[find(crate::Opcode::IntCmp)], 0b00);
        assert_eq!(dies[find(crate::Opcode::IntAdd)], 0b11);
        // block2's jump may move v7 and v9; block0's jump may move v0 and v2.
        let jump = |b: usize| match &f.blocks[Block::new(b)].term {
            Some(crate::Terminator::Jump(c)) => live.movable(f, c),
            _ => panic!(),
        };
        assert_eq!(jump(2), 0b11);
        assert_eq!(jump(0), 0b11);
    }
}
