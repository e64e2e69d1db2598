//! The jitcode format: the contract between the native backend, which
//! encodes the interpreter's IR reachable from each JIT driver's portal as
//! jitcodes at translation time, and the runtime's meta-tracing JIT
//! (`crate::jit`), which runs them (tracing or blackholing).
//!
//! Everything is one flat array of 64-bit words (the *blob*), emitted by the
//! compiler as the data symbol [`JIT_PROGRAM_SYMBOL`], some of its words
//! relocated to addresses (thunks, constant objects). Instructions are
//! 32-bit words packed two per blob word.
//!
//! ## Blob layout
//! ```text
//! MAGIC VERSION
//! nconsts  [const]*                      constant pool (raw words; refs are immortal objects)
//! nthunks  [addr flags]*                 thunks: `extern "C" fn(args: *mut u64) -> u64`
//! nstrings [len bytes-padded-to-words]*  names (functions, drivers, thunks)
//! nfuncs   [func]*
//! ndrivers [driver]*
//! nlives   [packed u32 words]            live-register lists
//! ncode    [packed u32 code words]
//! ```
//! A function: `name flags nregs_i nregs_r ret_kind call_thunk code_start
//! code_end aot_address nparams [param operand]*`; `call_thunk` calls the function
//! residually (`u32::MAX` if none). A driver: `name portal merge_pc
//! printable_thunk ngreens nreds [kind]*` (greens then reds; the printable
//! thunk takes the greens and returns a str, `u32::MAX` if none). A thunk's
//! `flags` word holds its [`tflag`] bits in its low half and, from bit
//! [`tflag::NAME_SHIFT`], the string index of its name for the JIT log (the
//! called function's name, e.g. `Interp.run_frame`, or the operation's,
//! e.g. `int_mod` or `getfield[Frame.pc]`; `u32::MAX` if none).
//!
//! ## Instructions
//! Every instruction starts with a header of [`HEADER_WORDS`] words:
//! `op | nargs << 8 | flags << 16 | cond << 24`, `imm`, `imm2`, `thunk`,
//! `live`; then the result operand (if [`F_RES`]), the `nargs` operands,
//! and the catch edge (if [`F_CATCH`]). Bits 4-5 of the flags byte hold
//! the result's [`kind`]. `thunk` is the index of a thunk
//! performing the whole instruction with the AOT backend's exact semantics
//! (`u32::MAX` if none); `live` is the offset in the code of the list of
//! registers live at the instruction (`count, operand*`) in the lives
//! section.
//!
//! An edge is `target_pc, nmoves, (dst, src)*`, a parallel copy; `src` may
//! be [`EXC_OPERAND`] on a catch edge. Terminators carry their edges after
//! the header: `GOTO edge`; `BRANCH cond-operand edge_true edge_false`;
//! `SWITCH value-operand ncases (key_lo key_hi edge)* default-edge`.
//!
//! Operands: bits 30-31 say what the low 30 bits index: [`OPND_I`] the int
//! register bank (ints, bools, uints, float bits), [`OPND_R`] the reference
//! bank, [`OPND_CONST`] a raw constant, [`OPND_CONST_REF`] a constant
//! reference (immortal or None).

/// First word of a blob.
pub const MAGIC: u64 = 0x4b49_4c4e_4a49_5431;
/// Format version.
pub const VERSION: u64 = 2;
/// Symbol of the blob in a JIT-enabled executable.
pub const JIT_PROGRAM_SYMBOL: &str = "kiln_jit_program";
/// Symbol of the JIT's state shared with generated code ([`JitState`]).
pub const JIT_STATE_SYMBOL: &str = "kiln_jit_state";

/// Words of an instruction header.
pub const HEADER_WORDS: usize = 5;
/// Header flag: the instruction has a result operand.
pub const F_RES: u32 = 1;
/// Header flag: the instruction has a catch edge.
pub const F_CATCH: u32 = 2;

/// Operand tag: int-bank register.
pub const OPND_I: u32 = 0;
/// Operand tag: reference-bank register.
pub const OPND_R: u32 = 1 << 30;
/// Operand tag: raw constant.
pub const OPND_CONST: u32 = 2 << 30;
/// Operand tag: constant reference.
pub const OPND_CONST_REF: u32 = 3 << 30;
/// Mask of an operand's tag.
pub const OPND_TAG: u32 = 3 << 30;
/// Source operand of a catch edge meaning "the exception being caught".
pub const EXC_OPERAND: u32 = u32::MAX;
/// "None" for optional indices (thunks, functions).
pub const NONE_IDX: u32 = u32::MAX;

/// Kind of a value as the JIT sees it.
pub mod kind {
    /// A 64-bit integer (int, uint, bool as 0/1).
    pub const INT: u8 = 0;
    /// A float (its bits in a word).
    pub const FLOAT: u8 = 1;
    /// A reference the GC traces.
    pub const REF: u8 = 2;
    /// No value (void).
    pub const VOID: u8 = 3;
}

/// Function flags.
pub mod fflag {
    /// `@elidable`.
    pub const ELIDABLE: u64 = 1;
    /// `@dont_look_inside`.
    pub const DONT_LOOK_INSIDE: u64 = 2;
    /// `@unroll_safe`.
    pub const UNROLL_SAFE: u64 = 4;
    /// The function has a loop.
    pub const HAS_LOOP: u64 = 8;
    /// The function has a jitcode body the tracer may inline.
    pub const INLINABLE: u64 = 16;
    /// The function is a portal (holds a `jit_merge_point`).
    pub const PORTAL: u64 = 32;
}

/// Thunk flags (what the JIT may assume about calling it).
pub mod tflag {
    /// May raise (a `guard_no_exception` follows calls).
    pub const RAISES: u64 = 1;
    /// May allocate (roots must be saved around calls).
    pub const MAY_GC: u64 = 2;
    /// Deterministic and free of visible side effects: with constant
    /// arguments it may be run at trace time and its result folded; calls
    /// with equal arguments may be merged.
    pub const PURE: u64 = 4;
    /// Writes no field of any object (heap caches survive the call).
    pub const NO_FIELD_WRITES: u64 = 8;
    /// Writes no list item or length.
    pub const NO_LIST_WRITES: u64 = 16;
    /// The thunk is `list.append` (`(list, item) -> void`): the optimizer
    /// may do it on a list that never escaped.
    pub const LIST_APPEND: u64 = 32;
    /// Result kind in bits 8..16 ([`super::kind`]).
    pub const RESULT_SHIFT: u64 = 8;
    /// In the blob only: the string index of the thunk's name in bits
    /// 32..64 (`u32::MAX` if none).
    pub const NAME_SHIFT: u64 = 32;
    /// The flag bits proper of a blob's thunk word (below the name).
    pub const MASK: u64 = (1 << NAME_SHIFT) - 1;
}

/// Jitcode operations. Core operations have a fast path in the meta-interpreter
/// and a precise trace form; every other IR operation is [`jop::THUNK`].
pub mod jop {
    /// `goto edge`
    pub const GOTO: u8 = 1;
    /// `branch c, edge_true, edge_false`
    pub const BRANCH: u8 = 2;
    /// `switch v, cases, default`
    pub const SWITCH: u8 = 3;
    /// `return [v]`
    pub const RETURN: u8 = 4;
    /// `raise e`
    pub const RAISE: u8 = 5;
    /// Control never reaches here.
    pub const UNREACHABLE: u8 = 6;
    /// `jit_merge_point` (imm: driver; args: greens then reds).
    pub const MERGE_POINT: u8 = 7;
    /// `can_enter_jit` (imm: driver).
    pub const CAN_ENTER: u8 = 8;
    /// `promote x`
    pub const PROMOTE: u8 = 9;
    /// `we_are_jitted()`
    pub const WE_ARE_JITTED: u8 = 10;
    /// Copy (bool_to_int, int_to_uint, uint_to_int).
    pub const MOV: u8 = 11;
    /// Calls thunk `thunk` with the operands (any other operation).
    pub const THUNK: u8 = 12;
    /// `call` of function `imm` (jitcode index): inlined or residual.
    pub const CALL: u8 = 13;
    /// `call_method` of vtable slot `imm`.
    pub const CALL_METHOD: u8 = 14;
    /// Integer `+` (also uint).
    pub const INT_ADD: u8 = 20;
    /// Integer `-`.
    pub const INT_SUB: u8 = 21;
    /// Integer `*`.
    pub const INT_MUL: u8 = 22;
    /// `&`
    pub const INT_AND: u8 = 23;
    /// `|`
    pub const INT_OR: u8 = 24;
    /// `^`
    pub const INT_XOR: u8 = 25;
    /// `-a`
    pub const INT_NEG: u8 = 26;
    /// `~a`
    pub const INT_INVERT: u8 = 27;
    /// Signed comparison (cond).
    pub const INT_CMP: u8 = 28;
    /// Unsigned comparison (cond).
    pub const UINT_CMP: u8 = 29;
    /// `ovfcheck(a + b)`
    pub const INT_ADD_OVF: u8 = 30;
    /// `ovfcheck(a - b)`
    pub const INT_SUB_OVF: u8 = 31;
    /// `ovfcheck(a * b)`
    pub const INT_MUL_OVF: u8 = 32;
    /// Python `//` on ints.
    pub const INT_FLOORDIV: u8 = 33;
    /// Python `%` on ints.
    pub const INT_MOD: u8 = 34;
    /// `a << b`
    pub const INT_LSHIFT: u8 = 35;
    /// `a >> b` (arithmetic).
    pub const INT_RSHIFT: u8 = 36;
    /// `not b`
    pub const BOOL_NOT: u8 = 37;
    /// `abs(a)`
    pub const INT_ABS: u8 = 38;
    /// Float `+`.
    pub const FLOAT_ADD: u8 = 40;
    /// Float `-`.
    pub const FLOAT_SUB: u8 = 41;
    /// Float `*`.
    pub const FLOAT_MUL: u8 = 42;
    /// Float `/`.
    pub const FLOAT_TRUEDIV: u8 = 43;
    /// Float `-a`.
    pub const FLOAT_NEG: u8 = 44;
    /// Float `abs`.
    pub const FLOAT_ABS: u8 = 45;
    /// Float comparison (cond).
    pub const FLOAT_CMP: u8 = 46;
    /// `float(int)`
    pub const INT_TO_FLOAT: u8 = 47;
    /// `select c, a, b`
    pub const SELECT: u8 = 50;
    /// `x is None`
    pub const IS_NONE: u8 = 51;
    /// `a is b`
    pub const REF_IS: u8 = 52;
    /// `getfield` (imm: byte offset, imm2: 1 when the field is immutable
    /// (written only by its object's `__init__`), else 0; cond: kind).
    pub const GETFIELD: u8 = 53;
    /// `setfield` (imm: byte offset, imm2: field id; cond: kind).
    pub const SETFIELD: u8 = 54;
    /// `new` (imm: type id, imm2: size).
    pub const NEW: u8 = 55;
    /// `tuple_new` (imm: type id, imm2: size).
    pub const TUPLE_NEW: u8 = 56;
    /// `tuple_get` (imm: byte offset; cond: kind).
    pub const TUPLE_GET: u8 = 57;
    /// `instance_of` (imm: first type id, imm2: last type id).
    pub const INSTANCE_OF: u8 = 58;
    /// `downcast` (imm: first type id, imm2: last type id).
    pub const DOWNCAST: u8 = 59;
    /// `global_get` (imm: slot; cond: 1 if read-only after start-up).
    pub const GLOBAL_GET: u8 = 60;
    /// `global_set` (imm: slot).
    pub const GLOBAL_SET: u8 = 61;
    /// `len(list)`.
    pub const LIST_LEN: u8 = 62;
    /// `list[i]` (cond: item kind).
    pub const LIST_GETITEM: u8 = 63;
    /// `list[i] = v` (cond: item kind).
    pub const LIST_SETITEM: u8 = 64;
    /// `len(str)`.
    pub const STR_LEN: u8 = 65;
    /// `len(dict)`.
    pub const DICT_LEN: u8 = 66;
    /// `ord(s[i])`.
    pub const STR_CODE_AT: u8 = 67;
    /// `list.append(v)`.
    pub const LIST_APPEND: u8 = 68;
    /// `[a, b, ...]` (a `list_of` with its items as operands).
    pub const LIST_OF: u8 = 69;
    /// `[v] * n` (`list_new_filled(n, v)`).
    pub const LIST_NEW_FILLED: u8 = 70;
}

/// State shared between AOT code and the JIT runtime, exported by a
/// JIT-enabled runtime as [`JIT_STATE_SYMBOL`].
#[repr(C)]
pub struct JitState {
    /// Set by `can_enter_jit` when a counter reaches the threshold; the next
    /// `jit_merge_point` then calls the runtime.
    pub pending: u64,
    /// Warm-up threshold (counts of `can_enter_jit`).
    pub threshold: i64,
    /// Greens and reds exchanged with the runtime at a merge point.
    pub buf: [u64; BUF_WORDS],
    /// Warm-up counters indexed by a hash of the greens.
    pub counters: [i32; NCOUNTERS],
}

/// Words of [`JitState::buf`].
pub const BUF_WORDS: usize = 64;
/// Number of warm-up counters.
pub const NCOUNTERS: usize = 4096;
/// Offset of [`JitState::pending`].
pub const STATE_PENDING: i32 = 0;
/// Offset of [`JitState::threshold`].
pub const STATE_THRESHOLD: i32 = 8;
/// Offset of [`JitState::buf`].
pub const STATE_BUF: i32 = 16;
/// Offset of [`JitState::counters`].
pub const STATE_COUNTERS: i32 = 16 + 8 * BUF_WORDS as i32;
/// Multiplier of the green hash.
pub const HASH_MUL: u64 = 0x9E37_79B9_7F4A_7C15;

/// Index of the warm-up counter for `driver` and the int greens `greens`
/// (reference greens do not take part). Generated code computes the same.
pub fn counter_index(driver: u32, greens: impl Iterator<Item = u64>) -> usize {
    let mut h = (driver as u64 + 1).wrapping_mul(HASH_MUL);
    for g in greens {
        h = (h ^ g).wrapping_mul(HASH_MUL);
    }
    (h >> (64 - 12)) as usize
}

/// Statuses `kiln_jit_merge_point` returns to the portal.
pub mod status {
    /// Continue at the merge point with the greens and reds in the buffer.
    pub const CONTINUE: u64 = 0;
    /// The portal returns `buf[0]`.
    pub const RETURN: u64 = 1;
    /// The portal raises the pending exception.
    pub const RAISE: u64 = 2;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_offsets_match() {
        assert_eq!(
            std::mem::offset_of!(JitState, threshold),
            STATE_THRESHOLD as usize
        );
        assert_eq!(std::mem::offset_of!(JitState, buf), STATE_BUF as usize);
        assert_eq!(
            std::mem::offset_of!(JitState, counters),
            STATE_COUNTERS as usize
        );
        assert_eq!(NCOUNTERS, 1 << 12);
    }
}
