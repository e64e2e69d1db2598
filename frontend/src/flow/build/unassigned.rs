//! Which reads of named locals may happen before any assignment: a forward
//! "may be unassigned" analysis over the blocks of a graph under
//! construction, from the local events the SSA builder records.
//!
//! The analysis assumes that every loop runs at least once. A loop's exits
//! taken because its test failed carry the locals as they are at the end of
//! an iteration (the union over the header's back edges), not as they are
//! before the loop. So a read after `for x in xs:` of `x`, or of a variable
//! every iteration of a `while` body assigns, is accepted; a read in the
//! loop before the assignment, after a `break` that precedes it, or after an
//! iteration that may skip it, is still reported.

use super::super::graph::BlockId;
use super::ssa::LocalId;
use crate::source::Span;
use cranelift_entity::SecondaryMap;
use std::collections::{HashMap, HashSet};

/// What happens to a local in a block, in order.
#[derive(Clone, Copy, Debug)]
pub(super) enum Event {
    /// Assigned.
    Write(LocalId),
    /// Unassigned (`del`, end of an `except ... as` handler).
    Unassign(LocalId),
    /// Read.
    Read(LocalId, Span),
}

/// The edges by which a loop ends because its test failed.
#[derive(Clone, Debug)]
pub(super) struct LoopExits {
    /// The loop header: its first incoming edge comes from before the loop,
    /// the others are back edges.
    pub header: BlockId,
    /// The block the exits go to.
    pub target: BlockId,
    /// Indexes into the target's incoming edges.
    pub edges: std::ops::Range<usize>,
}

/// A read of a named local that may happen before any assignment.
#[derive(Clone, Debug)]
pub(super) struct UnassignedRead {
    /// The local's Python name.
    pub name: String,
    /// The first such read of it.
    pub span: Span,
}

/// What the analysis looks at.
pub(super) struct ReadCheck<'g> {
    /// The entry block (every local unassigned there).
    pub entry: BlockId,
    /// The blocks that can run.
    pub live: &'g [BlockId],
    /// The source block of each incoming edge of each live block, in order.
    pub preds: &'g SecondaryMap<BlockId, Vec<BlockId>>,
    /// Names of the locals (`None` for hidden ones, which are not checked).
    pub local_names: &'g [Option<String>],
    /// Local events of each block, in order.
    pub events: &'g SecondaryMap<BlockId, Vec<Event>>,
    /// Every loop's test-failure exits.
    pub loops: &'g [LoopExits],
}

/// Reads of named locals that some path reaches with no assignment (every
/// loop assumed to run at least once), the first per local, by location.
pub(super) fn unassigned_reads(cfg: &ReadCheck<'_>) -> Vec<UnassignedRead> {
    let named: Vec<usize> = (0..cfg.local_names.len())
        .filter(|&l| cfg.local_names[l].is_some())
        .collect();
    if named.is_empty() {
        return Vec::new();
    }
    let mut bit: Vec<Option<usize>> = vec![None; cfg.local_names.len()];
    for (i, &l) in named.iter().enumerate() {
        bit[l] = Some(i);
    }
    let words = named.len().div_ceil(64);
    let live = cfg.live;
    let mut exit_edges: HashMap<(BlockId, usize), BlockId> = HashMap::new();
    for l in cfg.loops {
        for i in l.edges.clone() {
            exit_edges.insert((l.target, i), l.header);
        }
    }
    // "May be unassigned" sets at the end of each block (a set bit: some
    // path reaches the end with the local unassigned).
    let mut out: SecondaryMap<BlockId, Vec<u64>> = SecondaryMap::new();
    for &b in live {
        out[b] = vec![0; words];
    }
    let transfer = |set: &mut Vec<u64>, events: &[Event], report: &mut dyn FnMut(LocalId, Span)| {
        for e in events {
            match *e {
                Event::Write(l) => {
                    if let Some(i) = bit[l.0 as usize] {
                        set[i / 64] &= !(1u64 << (i % 64));
                    }
                }
                Event::Unassign(l) => {
                    if let Some(i) = bit[l.0 as usize] {
                        set[i / 64] |= 1u64 << (i % 64);
                    }
                }
                Event::Read(l, span) => {
                    if let Some(i) = bit[l.0 as usize] {
                        if set[i / 64] & (1u64 << (i % 64)) != 0 {
                            report(l, span);
                        }
                    }
                }
            }
        }
    };
    let entry_of = |b: BlockId, out: &SecondaryMap<BlockId, Vec<u64>>| -> Vec<u64> {
        if b == cfg.entry {
            return vec![u64::MAX; words];
        }
        let mut set = vec![0u64; words];
        for (i, &from) in cfg.preds[b].iter().enumerate() {
            match exit_edges.get(&(b, i)) {
                Some(&header) => {
                    for &back in cfg.preds[header].iter().skip(1) {
                        or_into(&mut set, &out[back]);
                    }
                }
                None => or_into(&mut set, &out[from]),
            }
        }
        set
    };
    loop {
        let mut changed = false;
        for &b in live {
            let mut set = entry_of(b, &out);
            transfer(&mut set, &cfg.events[b], &mut |_, _| {});
            if set != out[b] {
                out[b] = set;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut found: Vec<(LocalId, Span)> = Vec::new();
    for &b in live {
        let mut set = entry_of(b, &out);
        transfer(&mut set, &cfg.events[b], &mut |l, span| {
            found.push((l, span))
        });
    }
    found.sort_by_key(|(_, span)| (span.start, span.end));
    let mut reported: HashSet<LocalId> = HashSet::new();
    let mut result = Vec::new();
    for (l, span) in found {
        if reported.insert(l) {
            if let Some(Some(name)) = cfg.local_names.get(l.0 as usize) {
                result.push(UnassignedRead {
                    name: name.to_string(),
                    span,
                });
            }
        }
    }
    result
}

fn or_into(set: &mut [u64], other: &[u64]) {
    for (a, b) in set.iter_mut().zip(other) {
        *a |= *b;
    }
}
