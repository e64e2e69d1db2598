//! Allocation removal. An object allocated in the trace (`new`) starts as
//! *virtual*: no allocation is emitted, its fields are tracked as trace
//! values, `setfield` on it updates them and `getfield` on it is the
//! tracked value (zero when never stored). What a virtual's known class
//! and freshness decide is folded: `guard_non_null` on it goes, `is_none`
//! is 0, `instance_of` compares its type id, `ref_is` is 1 against itself
//! and 0 against anything else (nothing else can refer to an object that
//! never escaped).
//!
//! Any other use makes it escape: the object is *forced* right before that
//! operation (`new` and a `setfield` of each non-zero field, forcing the
//! virtuals its fields hold first), and from then on it is an ordinary
//! value. That covers storing it into a non-virtual object, an array or a
//! global, passing it to a call, `jump` (loop inputs are never virtual),
//! `finish` (the values go to another loop) and any operation not listed
//! above.
//!
//! Lists are virtual the same way: the tracer records a short list as a
//! `new` item array (its capacity at offset 8, items from 16) and a `new`
//! list (length at 8, item array at 16). An `arr_load`/`arr_store` at a
//! constant index of a virtual array is its field, and a call of
//! `list.append` on a virtual list puts the item in its virtual array
//! (or in a larger one, as the runtime grows lists) and drops the call's
//! `guard_no_exception`. An array's capacity is set right after it is
//! made, when forced, so that a collection sees its size.
//!
//! A guard's snapshot that refers to a virtual names it `Arg::Virt(k)` and
//! describes it in [`Snapshot::virtuals`] (type id, size, fields, which may
//! name further virtuals), so that the runtime makes the object when the
//! guard fails, before the interpreter resumes.

use super::Env;
use crate::gc::trace::{array_cap, array_size};
use crate::jit::hash::Map;
use crate::jit::trace::{Arg, Op, SVirtual, Snapshot, TOp, Trace, NO_SNAP};
use crate::jitcode::kind;
use crate::layout::{
    ARRAY_CAP, ARRAY_DATA, LIST_ITEMS, LIST_LEN, TID_ARRAY_RAW, TID_ARRAY_REF, TID_LIST_RAW,
    TID_LIST_REF,
};

/// Capacity beyond which a virtual list that grows is allocated instead.
const MAX_VIRTUAL_CAP: u64 = 64;

/// An allocation of the input trace.
struct VObj {
    tid: u32,
    size: u32,
    /// Fields by byte offset (values in the output trace, or
    /// `Arg::Virt(k)` for virtual `k` of this pass).
    fields: Vec<(u32, Arg)>,
    /// The output value once the object escaped.
    forced: Option<Arg>,
}

struct Pass<'a> {
    t: &'a Trace,
    out: Trace,
    /// Input value -> output operand (`Arg::Virt(k)`: virtual `k`).
    subst: Map<u32, Arg>,
    objs: Vec<VObj>,
}

impl Pass<'_> {
    /// An operand in terms of the output trace: a virtual stays
    /// `Arg::Virt(k)` until it is forced.
    fn sub(&self, a: Arg) -> Arg {
        match a {
            Arg::V(v) => match self.subst.get(&v).copied() {
                Some(x) => self.current(x),
                None => Arg::C(0),
            },
            other => other,
        }
    }

    /// A virtual that was forced is its allocation.
    fn current(&self, a: Arg) -> Arg {
        match a {
            Arg::Virt(k) => self.objs[k as usize].forced.unwrap_or(a),
            other => other,
        }
    }

    /// The virtual `a` is, unless it escaped.
    fn live(&self, a: Arg) -> Option<usize> {
        match self.current(a) {
            Arg::Virt(k) => Some(k as usize),
            _ => None,
        }
    }

    /// Makes `a` an ordinary value: allocates a virtual and stores its
    /// fields (after forcing the virtuals they hold).
    fn force(&mut self, a: Arg) -> Arg {
        let Some(k) = self.live(a) else {
            return self.current(a);
        };
        let (tid, size) = (self.objs[k].tid, self.objs[k].size);
        let r = self.out.push(Op::New(tid, size), vec![], kind::REF);
        self.objs[k].forced = Some(r);
        let fields = self.objs[k].fields.clone();
        for (off, v) in fields {
            let v = self.force(v);
            if v != Arg::C(0) {
                self.out.push(Op::SetField(off), vec![r, v], kind::VOID);
            }
        }
        r
    }

    /// The index in `vs` of the description of virtual `k`.
    fn describe(&self, k: usize, local: &mut Map<usize, u32>, vs: &mut Vec<SVirtual>) -> u32 {
        if let Some(&i) = local.get(&k) {
            return i;
        }
        let i = vs.len() as u32;
        local.insert(k, i);
        vs.push(SVirtual {
            tid: self.objs[k].tid,
            size: self.objs[k].size,
            fields: Vec::new(),
        });
        let mut fields = Vec::new();
        for &(off, v) in &self.objs[k].fields {
            let v = match self.live(v) {
                Some(j) => Arg::Virt(self.describe(j, local, vs)),
                None => self.current(v),
            };
            if v != Arg::C(0) {
                fields.push((off, v));
            }
        }
        vs[i as usize].fields = fields;
        i
    }

    /// The snapshot of input snapshot `s` in the output trace.
    fn snapshot(&self, s: &Snapshot) -> Snapshot {
        let mut out = Snapshot {
            frames: s.frames.clone(),
            exc: s.exc,
            virtuals: Vec::new(),
        };
        let mut local = Map::default();
        let mut vs = Vec::new();
        for f in &mut out.frames {
            for r in &mut f.regs {
                let a = self.sub(r.1);
                r.1 = match self.live(a) {
                    Some(k) => Arg::Virt(self.describe(k, &mut local, &mut vs)),
                    None => a,
                };
            }
        }
        out.virtuals = vs;
        out
    }

    fn emit(&mut self, o: &TOp, args: Vec<Arg>) -> Arg {
        let snap = if o.snap != NO_SNAP {
            let s = self.snapshot(&self.t.snaps[o.snap as usize]);
            self.out.snaps.push(s);
            self.out.snaps.len() as u32 - 1
        } else {
            NO_SNAP
        };
        self.out.ops.push(TOp {
            op: o.op,
            args,
            kind: o.kind,
            snap,
        });
        Arg::V(self.out.ops.len() as u32 - 1)
    }

    /// Field `off` of virtual `k` (zero when never stored).
    fn field(&self, k: usize, off: u32) -> Arg {
        self.objs[k]
            .fields
            .iter()
            .find(|f| f.0 == off)
            .map_or(Arg::C(0), |f| f.1)
    }

    /// The byte offset of item `i` of virtual `k`, if `k` is an array
    /// and `i` a constant index within it.
    fn item(&self, k: usize, i: Arg) -> Option<u32> {
        let o = &self.objs[k];
        let cap = array_cap(o.size as usize) as u64;
        match i {
            Arg::C(i) if matches!(o.tid, TID_ARRAY_RAW | TID_ARRAY_REF) && i < cap => {
                Some(ARRAY_DATA as u32 + 8 * i as u32)
            }
            _ => None,
        }
    }

    /// `list.append(v)` on virtual `k`: false (nothing done) unless `k` is
    /// a list of known length whose item array is virtual too.
    fn append(&mut self, k: usize, v: Arg) -> bool {
        if !matches!(self.objs[k].tid, TID_LIST_RAW | TID_LIST_REF) {
            return false;
        }
        let Arg::C(n) = self.field(k, LIST_LEN as u32) else {
            return false;
        };
        let Some(mut j) = self.live(self.field(k, LIST_ITEMS as u32)) else {
            return false;
        };
        let cap = array_cap(self.objs[j].size as usize) as u64;
        if n >= cap {
            // Full: a larger array with the same items, as the runtime grows.
            let want = (n + 1).max(cap + cap / 2 + 4);
            if want > MAX_VIRTUAL_CAP {
                return false;
            }
            let mut fields = self.objs[j].fields.clone();
            fields.retain(|f| f.0 != ARRAY_CAP as u32);
            fields.insert(0, (ARRAY_CAP as u32, Arg::C(want)));
            self.objs.push(VObj {
                tid: self.objs[j].tid,
                size: array_size(want as usize) as u32,
                fields,
                forced: None,
            });
            j = self.objs.len() - 1;
            self.set_field(k, LIST_ITEMS as u32, Arg::Virt(j as u32));
        }
        self.set_field(j, ARRAY_DATA as u32 + 8 * n as u32, v);
        self.set_field(k, LIST_LEN as u32, Arg::C(n + 1));
        true
    }

    fn set_field(&mut self, k: usize, off: u32, v: Arg) {
        let fields = &mut self.objs[k].fields;
        match fields.iter_mut().find(|f| f.0 == off) {
            Some(f) => f.1 = v,
            None => {
                fields.push((off, v));
                fields.sort_by_key(|f| f.0);
            }
        }
    }
}

/// The allocation-removal pass (see the module documentation).
pub fn virtuals(t: &Trace, env: &Env<'_>) -> Trace {
    // Without allocations there is nothing to remove.
    if !t.ops.iter().any(|o| matches!(o.op, Op::New(..))) {
        return t.clone();
    }
    let mut p = Pass {
        t,
        out: Trace::default(),
        subst: Map::default(),
        objs: Vec::new(),
    };
    // Whether the last operation was a call done on a virtual (its
    // `guard_no_exception` goes too).
    let mut done_call = false;
    for (n, o) in t.ops.iter().enumerate() {
        let n = n as u32;
        let args: Vec<Arg> = o.args.iter().map(|&a| p.sub(a)).collect();
        let first = args.first().and_then(|&a| p.live(a));
        let after_done_call = std::mem::take(&mut done_call);
        // An item of a virtual array at a constant index: (virtual, offset).
        let item = match (o.op, first) {
            (Op::ArrLoad | Op::ArrStore, Some(k)) => p.item(k, args[1]).map(|off| (k, off)),
            _ => None,
        };
        if let Some((k, off)) = item {
            if o.op == Op::ArrLoad {
                let v = p.field(k, off);
                p.subst.insert(n, v);
            } else {
                p.set_field(k, off, args[2]);
            }
            continue;
        }
        let result = match (o.op, first) {
            (Op::New(tid, size), _) => {
                p.objs.push(VObj {
                    tid,
                    size,
                    fields: Vec::new(),
                    forced: None,
                });
                Some(Arg::Virt(p.objs.len() as u32 - 1))
            }
            (Op::SetField(off), Some(k)) => {
                p.set_field(k, off, args[1]);
                None
            }
            (Op::GetField(off) | Op::GetImm(off), Some(k)) => Some(p.field(k, off)),
            (Op::Call(th), Some(k)) if (env.appends)(th) && p.append(k, args[1]) => {
                done_call = true;
                None
            }
            (Op::GuardNoExc, _) if after_done_call => None,
            (Op::Finish, _) => {
                // The merge point's loop takes the values as its inputs:
                // objects escape (allocated here, inline, rather than made
                // by the runtime at every exit).
                let regs: Vec<Arg> = t.snaps[o.snap as usize]
                    .frames
                    .iter()
                    .flat_map(|f| f.regs.iter().map(|r| r.1))
                    .collect();
                for a in regs {
                    let a = p.sub(a);
                    p.force(a);
                }
                p.emit(o, Vec::new());
                None
            }
            (Op::GuardNonNull, Some(_)) => None,
            (Op::IsNone, Some(_)) => Some(Arg::C(0)),
            (Op::InstanceOf(lo, hi), Some(k)) => {
                Some(Arg::C((lo..=hi).contains(&p.objs[k].tid) as u64))
            }
            (Op::RefIs, _) if first.is_some() || p.live(args[1]).is_some() => {
                Some(Arg::C((args[0] == args[1]) as u64))
            }
            _ => {
                let args: Vec<Arg> = args.into_iter().map(|a| p.force(a)).collect();
                let a = p.emit(o, args);
                (o.kind != kind::VOID).then_some(a)
            }
        };
        if let Some(r) = result {
            p.subst.insert(n, r);
        }
    }
    p.out
}
