//! The run-time context ([`Ctx`]) shared with generated code, the program
//! descriptor, and the shadow stack of GC roots as the runtime's own Rust
//! code uses it ([`Roots`]).

use crate::layout::{Ctx, ProgramDesc, TypeDesc, FIRST_PROGRAM_TID};
use std::cell::UnsafeCell;

/// The context cell; generated code addresses it as the symbol `kiln_ctx`.
#[repr(transparent)]
pub struct CtxCell(UnsafeCell<Ctx>);

// SAFETY: Kiln programs are single-threaded; the context is only touched by
// the thread running the program.
unsafe impl Sync for CtxCell {}

/// The run-time context.
#[no_mangle]
pub static kiln_ctx: CtxCell = CtxCell(UnsafeCell::new(Ctx {
    alloc_top: 0,
    alloc_limit: 0,
    ss_top: 0,
    ss_limit: 0,
    exc: 0,
    stack_limit: 0,
    ss_base: 0,
}));

/// The context, for reading and writing.
#[inline(always)]
#[allow(clippy::mut_from_ref)]
pub fn ctx() -> &'static mut Ctx {
    // SAFETY: single-threaded access (see `CtxCell`); callers never keep two
    // of these references across a call that takes another.
    unsafe { &mut *kiln_ctx.0.get() }
}

struct ProgCell(UnsafeCell<*const ProgramDesc>);
// SAFETY: written once at start-up, before the program runs.
unsafe impl Sync for ProgCell {}
static PROGRAM: ProgCell = ProgCell(UnsafeCell::new(std::ptr::null()));

/// Installs the program descriptor (once, at start-up).
///
/// # Safety
/// `p` must point to a valid descriptor that lives for the whole run.
pub unsafe fn set_program(p: *const ProgramDesc) {
    *PROGRAM.0.get() = p;
}

/// The program descriptor.
#[inline]
pub fn program() -> &'static ProgramDesc {
    // SAFETY: set at start-up before any use.
    unsafe { &**PROGRAM.0.get() }
}

/// Whether a program descriptor is installed.
pub fn has_program() -> bool {
    // SAFETY: plain read of the cell.
    unsafe { !(*PROGRAM.0.get()).is_null() }
}

/// The descriptor of program type id `tid` (at least `FIRST_PROGRAM_TID`).
#[inline]
pub fn type_desc(tid: u32) -> &'static TypeDesc {
    let p = program();
    debug_assert!(tid >= FIRST_PROGRAM_TID && tid - FIRST_PROGRAM_TID < p.ntypes);
    // SAFETY: the compiler emits one descriptor per program type id.
    unsafe { &*p.types.add((tid - FIRST_PROGRAM_TID) as usize) }
}

/// A scope of GC roots held by runtime code: references pushed here are
/// seen (and, for a moving collector, updated) by every collection until the
/// scope ends. Read them back with [`Roots::get`] after anything that may
/// allocate.
pub struct Roots {
    saved: usize,
}

/// A reference held in a [`Roots`] scope.
#[derive(Copy, Clone)]
pub struct Root(usize);

impl Roots {
    /// Opens a scope.
    #[inline]
    pub fn new() -> Roots {
        Roots {
            saved: ctx().ss_top,
        }
    }

    /// Holds `p` (may be 0) as a root.
    #[inline]
    pub fn push(&self, p: usize) -> Root {
        let c = ctx();
        if c.ss_top + 8 > c.ss_limit {
            crate::fatal::die("shadow stack overflow");
        }
        let slot = c.ss_top;
        // SAFETY: the slot is inside the shadow stack (checked above).
        unsafe { *(slot as *mut usize) = p };
        c.ss_top += 8;
        Root(slot)
    }

    /// The current address of a held reference.
    #[inline]
    pub fn get(&self, r: Root) -> usize {
        // SAFETY: `r` names a slot of this live scope.
        unsafe { *(r.0 as *const usize) }
    }

    /// Replaces a held reference.
    #[inline]
    pub fn set(&self, r: Root, p: usize) {
        // SAFETY: as in `get`.
        unsafe { *(r.0 as *mut usize) = p }
    }
}

impl Default for Roots {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for Roots {
    #[inline]
    fn drop(&mut self) {
        ctx().ss_top = self.saved;
    }
}
