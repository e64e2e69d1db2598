//! Test support: a small fake program (one class `Node` with an int field
//! and two reference fields, and a tuple type `(int, str)`) installed as the
//! program descriptor, a fresh heap per test, and a lock serializing the
//! tests (the runtime's state is global).

use crate::ctx::{ctx, set_program};
use crate::layout::*;
use std::sync::{Mutex, MutexGuard};

static LOCK: Mutex<()> = Mutex::new(());

/// Type id of `Node` (fields: value int, left ref, right ref).
pub const NODE: u32 = FIRST_PROGRAM_TID;
/// Type id of the tuple type `(int, str)`.
pub const PAIR: u32 = FIRST_PROGRAM_TID + 1;

static NODE_REFS: [u32; 2] = [1, 2];
static PAIR_REFS: [u32; 1] = [1];
static PAIR_KINDS: [u8; 2] = [ValueKind::Int as u8, ValueKind::Str as u8];
static NAME: &[u8] = b"Node";
static NO_CATTRS: [usize; 1] = [0];
static NO_VTABLE: [usize; 1] = [0];

struct Desc(TypeDesc);
// SAFETY: immutable static test data.
unsafe impl Sync for Desc {}
struct Prog(ProgramDesc);
// SAFETY: immutable static test data.
unsafe impl Sync for Prog {}

static TYPES: [Desc; 2] = [
    Desc(TypeDesc {
        kind: DESC_INSTANCE,
        size: 32,
        nslots: 3,
        nrefs: 2,
        refs: NODE_REFS.as_ptr(),
        name: NAME.as_ptr(),
        name_len: 4,
        vtable: NO_VTABLE.as_ptr(),
        eq: 0,
        hash: 0,
        repr: 0,
        item_kinds: std::ptr::null(),
        class_range: [NODE, NODE],
        cattrs: NO_CATTRS.as_ptr(),
    }),
    Desc(TypeDesc {
        kind: DESC_TUPLE,
        size: 24,
        nslots: 2,
        nrefs: 1,
        refs: PAIR_REFS.as_ptr(),
        name: NAME.as_ptr(),
        name_len: 0,
        vtable: NO_VTABLE.as_ptr(),
        eq: 0,
        hash: 0,
        repr: 0,
        item_kinds: PAIR_KINDS.as_ptr(),
        class_range: [PAIR, PAIR],
        cattrs: NO_CATTRS.as_ptr(),
    }),
];

static PROGRAM: Prog = Prog(ProgramDesc {
    types: &TYPES[0].0 as *const TypeDesc,
    ntypes: 2,
    gc: 0,
    gc_stress: 0,
    nglobals: 0,
    globals: std::ptr::null_mut(),
    global_refs: std::ptr::null(),
    nglobal_refs: 0,
    startup: 0,
    entry: 0,
    builtin_exc: [NODE; NUM_BUILTIN_EXC],
    str_slot: 0,
    entry_returns_int: 1,
});

/// Installs the fake program and a fresh heap of collector `gc`; the
/// returned guard keeps other runtime tests out.
pub fn setup(gc: u32, stress: bool) -> MutexGuard<'static, ()> {
    let guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    // SAFETY: static descriptor; tests are serialized by the lock.
    unsafe { set_program(&PROGRAM.0) };
    crate::str_ops::init_chars();
    crate::gc::init(gc, stress, 1 << 16);
    ctx().exc = 0;
    guard
}
