//! Object layout, type descriptors and the run-time context: the one place
//! where the shapes of heap objects are defined. The AOT backend and the
//! tracing JIT both generate code from these constants; the runtime reads
//! and writes objects through them.
//!
//! Every heap object starts with an 8-byte header: the type id (`tid`, u32)
//! at offset 0 and the GC word (u32) at offset 4. Every value slot after the
//! header is 8 bytes (an int, uint, float bits, bool as 0/1 in the low byte,
//! or a reference; `None` is the null reference). Objects are at least
//! [`MIN_OBJECT`] bytes so that a moving collector can store a forwarding
//! address at offset 8.
//!
//! | object | layout after the header |
//! |---|---|
//! | instance | fields at `8 + 8*i` in `Program::all_fields` order |
//! | tuple | items at `8 + 8*i` |
//! | str | `len` code points @8, cached hash @16 (0 = not yet), `width` u8 @24 (1, 2 or 4 bytes per code point), `ascii` u8 @25, code points from @32 |
//! | list | `len` @8, `items` (an array) @16 |
//! | array | `cap` @8, words from @16 |
//! | dict | `len` @8, `used` entries @16, `index` (raw array of i64 slots) @24, `entries` (array of 3-word entries: hash, key, value) @32, `key_kind` u8 @40, `value_is_ref` u8 @41 |
//! | func | code pointer @8, bound value @16 |
//! | file | index in the runtime's file table @8 |

/// Size of the object header.
pub const HEADER: i32 = 8;
/// Offset of the GC word in the header.
pub const GC_WORD: i32 = 4;
/// Smallest object size (room for a forwarding address).
pub const MIN_OBJECT: usize = 16;

/// GC word bit: marked (mark-sweep, large objects).
pub const GC_MARK: u32 = 1;
/// GC word bit: immortal (static data emitted by the compiler; never collected or moved).
pub const GC_IMMORTAL: u32 = 2;
/// GC word bit: forwarded (copying collector); the new address is at offset 8.
pub const GC_FORWARDED: u32 = 4;
/// GC word bit: allocated in the large-object space (never moved).
pub const GC_LARGE: u32 = 8;
/// The identity hash lives in the GC word above this shift (0 = not yet assigned).
pub const GC_HASH_SHIFT: u32 = 8;

/// Type id of str objects.
pub const TID_STR: u32 = 0;
/// Type id of lists whose items are not references.
pub const TID_LIST_RAW: u32 = 1;
/// Type id of lists of references.
pub const TID_LIST_REF: u32 = 2;
/// Type id of arrays of non-reference words.
pub const TID_ARRAY_RAW: u32 = 3;
/// Type id of arrays of references.
pub const TID_ARRAY_REF: u32 = 4;
/// Type id of function objects whose bound value (if any) is not a reference.
pub const TID_FUNC_RAW: u32 = 5;
/// Type id of function objects with a bound reference.
pub const TID_FUNC_REF: u32 = 6;
/// Type id of file objects.
pub const TID_FILE: u32 = 7;
/// Type id of dicts.
pub const TID_DICT: u32 = 8;
/// Type id of dict entry arrays: add 1 if keys are references, 2 if values are.
pub const TID_ENTRIES: u32 = 9;
/// First type id of the program's own types (classes, then tuple types).
pub const FIRST_PROGRAM_TID: u32 = 16;

/// Offset of a str's length (code points).
pub const STR_LEN: i32 = 8;
/// Offset of a str's cached hash.
pub const STR_HASH: i32 = 16;
/// Offset of a str's width (bytes per code point).
pub const STR_WIDTH: i32 = 24;
/// Offset of a str's ASCII flag.
pub const STR_ASCII: i32 = 25;
/// Offset of a str's code points.
pub const STR_DATA: i32 = 32;

/// Offset of a list's length.
pub const LIST_LEN: i32 = 8;
/// Offset of a list's item array.
pub const LIST_ITEMS: i32 = 16;
/// Size of a list object.
pub const LIST_SIZE: usize = 24;
/// Offset of an array's capacity (in words).
pub const ARRAY_CAP: i32 = 8;
/// Offset of an array's first word.
pub const ARRAY_DATA: i32 = 16;

/// Offset of a dict's length.
pub const DICT_LEN: i32 = 8;
/// Offset of the number of used entries (live and deleted).
pub const DICT_USED: i32 = 16;
/// Offset of the index array.
pub const DICT_INDEX: i32 = 24;
/// Offset of the entries array.
pub const DICT_ENTRIES: i32 = 32;
/// Offset of the key kind ([`ValueKind`] as u8).
pub const DICT_KEY_KIND: i32 = 40;
/// Offset of the flag saying values are references.
pub const DICT_VALUE_REF: i32 = 41;
/// Size of a dict object.
pub const DICT_SIZE: usize = 48;

/// Offset of a function object's code pointer.
pub const FUNC_CODE: i32 = 8;
/// Offset of a function object's bound value.
pub const FUNC_BOUND: i32 = 16;
/// Size of a function object.
pub const FUNC_SIZE: usize = 24;

/// Offset of a file object's table index.
pub const FILE_INDEX: i32 = 8;
/// Size of a file object.
pub const FILE_SIZE: usize = 16;

/// Offset of field or tuple item `i`.
pub const fn slot_offset(i: usize) -> i32 {
    HEADER + 8 * i as i32
}

/// Size of an instance or tuple with `n` slots.
pub const fn fixed_size(n: usize) -> usize {
    let s = 8 + 8 * n;
    if s < MIN_OBJECT {
        MIN_OBJECT
    } else {
        s
    }
}

/// How the runtime hashes, compares and prints a value it only knows as a word.
#[repr(u8)]
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum ValueKind {
    /// A signed int.
    Int = 0,
    /// An unsigned int.
    UInt = 1,
    /// A bool (0 or 1).
    Bool = 2,
    /// A float (its bits).
    Float = 3,
    /// A str reference.
    Str = 4,
    /// A tuple reference (its descriptor tells the item kinds).
    Tuple = 5,
    /// An instance reference.
    Instance = 6,
    /// Any other reference (list, dict, func, file).
    OtherRef = 7,
}

impl ValueKind {
    /// The kind with this number (unknown numbers are `OtherRef`).
    pub fn from_u8(k: u8) -> ValueKind {
        match k {
            0 => ValueKind::Int,
            1 => ValueKind::UInt,
            2 => ValueKind::Bool,
            3 => ValueKind::Float,
            4 => ValueKind::Str,
            5 => ValueKind::Tuple,
            6 => ValueKind::Instance,
            _ => ValueKind::OtherRef,
        }
    }

    /// Whether values of this kind are references the GC must trace.
    pub fn is_ref(self) -> bool {
        matches!(
            self,
            ValueKind::Str | ValueKind::Tuple | ValueKind::Instance | ValueKind::OtherRef
        )
    }
}

/// Descriptor kind: a class instance.
pub const DESC_INSTANCE: u32 = 1;
/// Descriptor kind: a tuple type.
pub const DESC_TUPLE: u32 = 2;

/// What the runtime knows of one program type id (class or tuple type),
/// emitted by the compiler as static data: `ProgramDesc::types[tid - FIRST_PROGRAM_TID]`.
#[repr(C)]
#[derive(Debug)]
pub struct TypeDesc {
    /// [`DESC_INSTANCE`] or [`DESC_TUPLE`].
    pub kind: u32,
    /// Object size in bytes.
    pub size: u32,
    /// Number of 8-byte slots after the header.
    pub nslots: u32,
    /// Number of entries in `refs`.
    pub nrefs: u32,
    /// Slot numbers holding references.
    pub refs: *const u32,
    /// Class name (UTF-8, `name_len` bytes); empty for tuples.
    pub name: *const u8,
    /// Length of `name`.
    pub name_len: u64,
    /// Virtual method table (instances).
    pub vtable: *const usize,
    /// `__eq__(self, other) -> bool` when the class has both `__eq__` and `__hash__`.
    pub eq: usize,
    /// `__hash__(self) -> int`, if implemented.
    pub hash: usize,
    /// `__repr__(self) -> str`, if implemented.
    pub repr: usize,
    /// Item kinds ([`ValueKind`] as u8), one per slot (tuples).
    pub item_kinds: *const u8,
    /// First and last type id of this class's subtree (instances).
    pub class_range: [u32; 2],
    /// Class attribute table: the address of the global bound to each class
    /// attribute slot for this class (0 when unbound).
    pub cattrs: *const usize,
}

/// Number of built-in exception classes (Kiln's `BuiltinClass` order).
pub const NUM_BUILTIN_EXC: usize = 16;

/// Index of each built-in exception class in [`ProgramDesc::builtin_exc`].
pub mod exc {
    /// `Exception`
    pub const EXCEPTION: usize = 0;
    /// `ArithmeticError`
    pub const ARITHMETIC_ERROR: usize = 1;
    /// `ZeroDivisionError`
    pub const ZERO_DIVISION_ERROR: usize = 2;
    /// `OverflowError`
    pub const OVERFLOW_ERROR: usize = 3;
    /// `LookupError`
    pub const LOOKUP_ERROR: usize = 4;
    /// `IndexError`
    pub const INDEX_ERROR: usize = 5;
    /// `KeyError`
    pub const KEY_ERROR: usize = 6;
    /// `ValueError`
    pub const VALUE_ERROR: usize = 7;
    /// `AssertionError`
    pub const ASSERTION_ERROR: usize = 8;
    /// `AttributeError`
    pub const ATTRIBUTE_ERROR: usize = 9;
    /// `TypeError`
    pub const TYPE_ERROR: usize = 10;
    /// `RuntimeError`
    pub const RUNTIME_ERROR: usize = 11;
    /// `RecursionError`
    pub const RECURSION_ERROR: usize = 12;
    /// `NotImplementedError`
    pub const NOT_IMPLEMENTED_ERROR: usize = 13;
    /// `MemoryError`
    pub const MEMORY_ERROR: usize = 14;
    /// `OSError`
    pub const OS_ERROR: usize = 15;
}

/// Collector numbers of [`ProgramDesc::gc`].
pub mod gc_kind {
    /// Non-moving mark-sweep.
    pub const MARK_SWEEP: u32 = 0;
    /// Moving semispace copying collector.
    pub const COPYING: u32 = 1;
}

/// The whole program as the runtime sees it: emitted by the compiler as the
/// data symbol [`PROGRAM_SYMBOL`].
#[repr(C)]
#[derive(Debug)]
pub struct ProgramDesc {
    /// Descriptors of type ids `FIRST_PROGRAM_TID..`.
    pub types: *const TypeDesc,
    /// Number of descriptors.
    pub ntypes: u32,
    /// [`gc_kind`] of the collector the code was generated for.
    pub gc: u32,
    /// Collect at every allocation.
    pub gc_stress: u32,
    /// Number of global slots.
    pub nglobals: u32,
    /// The globals, one 8-byte slot each.
    pub globals: *mut u64,
    /// Global slots holding references.
    pub global_refs: *const u32,
    /// Number of entries in `global_refs`.
    pub nglobal_refs: u64,
    /// Start-up function `() -> void`, or 0.
    pub startup: usize,
    /// Entry point `(list<str>) -> int`.
    pub entry: usize,
    /// Type id of each built-in exception class.
    pub builtin_exc: [u32; NUM_BUILTIN_EXC],
    /// Vtable slot of `Exception.__str__`.
    pub str_slot: u32,
    /// Whether the entry point returns an int (else its result is ignored: exit 0).
    pub entry_returns_int: u32,
}

/// Symbol of the program descriptor in the generated object.
pub const PROGRAM_SYMBOL: &str = "kiln_program";
/// Symbol of the run-time context.
pub const CTX_SYMBOL: &str = "kiln_ctx";
/// Symbol of the table of the 256 one-character Latin-1 strings (pointers).
pub const CHARS_SYMBOL: &str = "kiln_chars";

/// The run-time context: the state generated code reads and writes directly.
#[repr(C)]
#[derive(Debug)]
pub struct Ctx {
    /// Bump-allocation pointer of the current allocation region.
    pub alloc_top: usize,
    /// End of the current allocation region (0: every allocation takes the slow path).
    pub alloc_limit: usize,
    /// Next free slot of the shadow stack of GC roots.
    pub ss_top: usize,
    /// End of the shadow stack.
    pub ss_limit: usize,
    /// The pending exception (0 when none).
    pub exc: usize,
    /// Lowest native stack address generated code may use.
    pub stack_limit: usize,
    /// Start of the shadow stack.
    pub ss_base: usize,
}

/// Offset of [`Ctx::alloc_top`].
pub const CTX_ALLOC_TOP: i32 = 0;
/// Offset of [`Ctx::alloc_limit`].
pub const CTX_ALLOC_LIMIT: i32 = 8;
/// Offset of [`Ctx::ss_top`].
pub const CTX_SS_TOP: i32 = 16;
/// Offset of [`Ctx::ss_limit`].
pub const CTX_SS_LIMIT: i32 = 24;
/// Offset of [`Ctx::exc`].
pub const CTX_EXC: i32 = 32;
/// Offset of [`Ctx::stack_limit`].
pub const CTX_STACK_LIMIT: i32 = 40;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ctx_offsets_match_the_struct() {
        let c = Ctx {
            alloc_top: 0,
            alloc_limit: 0,
            ss_top: 0,
            ss_limit: 0,
            exc: 0,
            stack_limit: 0,
            ss_base: 0,
        };
        let base = &c as *const Ctx as usize;
        assert_eq!(
            &c.alloc_limit as *const usize as usize - base,
            CTX_ALLOC_LIMIT as usize
        );
        assert_eq!(
            &c.ss_top as *const usize as usize - base,
            CTX_SS_TOP as usize
        );
        assert_eq!(&c.exc as *const usize as usize - base, CTX_EXC as usize);
        assert_eq!(
            &c.stack_limit as *const usize as usize - base,
            CTX_STACK_LIMIT as usize
        );
        assert_eq!(ValueKind::from_u8(ValueKind::Tuple as u8), ValueKind::Tuple);
    }
}
