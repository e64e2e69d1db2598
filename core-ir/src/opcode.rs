//! The operation table: every opcode of the IR, declared once as data.
//!
//! Each entry gives the opcode's text name, the kind of immediate it carries,
//! its operand count, and its flags. The printer, parser, verifier
//! ([`crate::typing`]) and interpreter all follow this table with exhaustive
//! matches. The doc comment of each opcode is its meaning; unless it says
//! otherwise, the meaning is Python 3's, and an error is the named built-in
//! exception with CPython 3.11's message.
//!
//! Two rules hold for every opcode flagged `raises`: an operand of reference
//! type that is `None` where a value is needed raises TypeError (AttributeError
//! for field, class attribute and method access), and an opcode that allocates
//! may raise MemoryError.

/// What kind of immediate an opcode carries besides its value operands.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum ImmKind {
    /// No immediate.
    None,
    /// A signed 64-bit integer.
    Int,
    /// An unsigned 64-bit integer.
    UInt,
    /// A float.
    Float,
    /// A boolean.
    Bool,
    /// A string constant.
    Str,
    /// A comparison condition.
    Cond,
    /// A class.
    Class,
    /// A field.
    Field,
    /// A virtual method slot.
    Method,
    /// A class attribute slot.
    ClassAttr,
    /// A function.
    Func,
    /// A module global.
    Global,
    /// A JIT driver; the operands are its greens then its reds.
    Driver,
    /// A small non-negative index (tuple item number).
    Index,
}

/// How many value operands an opcode takes.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Arity {
    /// Exactly this many.
    Fixed(u8),
    /// This many or more.
    AtLeast(u8),
}

/// Properties of an opcode used by the verifier, optimizers and backends.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct OpFlags {
    /// May raise an exception (so it may carry a `catch` successor).
    pub raises: bool,
    /// Has no side effects and its result depends only on its operand values:
    /// it may be removed when unused, folded and deduplicated.
    pub pure: bool,
    /// Allocates a fresh mutable object (removable when unused, never merged).
    pub alloc: bool,
}

/// Comparison condition of `int_cmp`, `float_cmp`, `str_cmp`, ...
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub enum Cond {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl Cond {
    /// All conditions, in text order.
    pub const ALL: [Cond; 6] = [Cond::Eq, Cond::Ne, Cond::Lt, Cond::Le, Cond::Gt, Cond::Ge];

    /// Text name (`eq`, `ne`, `lt`, `le`, `gt`, `ge`).
    pub fn name(self) -> &'static str {
        match self {
            Cond::Eq => "eq",
            Cond::Ne => "ne",
            Cond::Lt => "lt",
            Cond::Le => "le",
            Cond::Gt => "gt",
            Cond::Ge => "ge",
        }
    }

    /// The condition named `s`.
    pub fn from_name(s: &str) -> Option<Cond> {
        Cond::ALL.into_iter().find(|c| c.name() == s)
    }

    /// Whether an [`std::cmp::Ordering`] satisfies the condition.
    pub fn holds(self, ord: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        match self {
            Cond::Eq => ord == Equal,
            Cond::Ne => ord != Equal,
            Cond::Lt => ord == Less,
            Cond::Le => ord != Greater,
            Cond::Gt => ord == Greater,
            Cond::Ge => ord != Less,
        }
    }

    /// The condition with operands swapped (`a < b` is `b > a`).
    pub fn swapped(self) -> Cond {
        match self {
            Cond::Eq => Cond::Eq,
            Cond::Ne => Cond::Ne,
            Cond::Lt => Cond::Gt,
            Cond::Le => Cond::Ge,
            Cond::Gt => Cond::Lt,
            Cond::Ge => Cond::Le,
        }
    }
}

macro_rules! opcodes {
    ($( $(#[doc = $doc:literal])* $variant:ident $name:literal $imm:ident $arity:ident($n:literal) [$($flag:ident)*]; )*) => {
        /// An operation of the IR. See each variant for its meaning.
        #[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
        pub enum Opcode {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl Opcode {
            /// Every opcode, in table order.
            pub const ALL: &'static [Opcode] = &[ $( Opcode::$variant, )* ];

            /// The opcode's name in the text form.
            pub fn name(self) -> &'static str {
                match self { $( Opcode::$variant => $name, )* }
            }

            /// The kind of immediate the opcode carries.
            pub fn imm_kind(self) -> ImmKind {
                match self { $( Opcode::$variant => ImmKind::$imm, )* }
            }

            /// The number of value operands.
            pub fn arity(self) -> Arity {
                match self { $( Opcode::$variant => Arity::$arity($n), )* }
            }

            /// The opcode's flags.
            pub fn flags(self) -> OpFlags {
                match self {
                    $( Opcode::$variant => {
                        #[allow(unused_mut)]
                        let mut f = OpFlags { raises: false, pure: false, alloc: false };
                        $( f.$flag = true; )*
                        f
                    } )*
                }
            }
        }
    };
}

opcodes! {
    // ---- constants and references ----
    /// `iconst N`: the int constant N.
    Iconst "iconst" Int Fixed(0) [pure];
    /// `uconst N`: the uint constant N.
    Uconst "uconst" UInt Fixed(0) [pure];
    /// `fconst X`: the float constant X (`inf`, `-inf`, `nan` allowed).
    Fconst "fconst" Float Fixed(0) [pure];
    /// `bconst true|false`: a bool constant.
    Bconst "bconst" Bool Fixed(0) [pure];
    /// `sconst "text"`: a str constant.
    Sconst "sconst" Str Fixed(0) [pure];
    /// `none`: the null reference (`None`) of the declared reference type.
    NoneConst "none" None Fixed(0) [pure];
    /// `func_ref @f`: a reference to function `f`, of type `func(params) -> ret`.
    FuncRef "func_ref" Func Fixed(0) [pure];
    /// `func_bind @f x`: a reference to `f` with its first parameter bound to `x`;
    /// its type is `f`'s signature without the first parameter.
    FuncBind "func_bind" Func Fixed(1) [alloc];
    /// `method_bind C.m x`: the bound method `x.m`, resolved through `x`'s class
    /// (virtual); type is the method's signature without `self`.
    /// AttributeError if `x` is None or its class has no implementation of `m`.
    MethodBind "method_bind" Method Fixed(1) [raises alloc];

    // ---- int: signed 64-bit, wrapping ----
    /// `a + b`, wrapping on overflow.
    IntAdd "int_add" None Fixed(2) [pure];
    /// `a - b`, wrapping on overflow.
    IntSub "int_sub" None Fixed(2) [pure];
    /// `a * b`, wrapping on overflow.
    IntMul "int_mul" None Fixed(2) [pure];
    /// `a // b`, rounding toward negative infinity. ZeroDivisionError
    /// "integer division or modulo by zero" if `b == 0`; `MIN // -1` wraps to MIN.
    IntFloorDiv "int_floordiv" None Fixed(2) [raises];
    /// `a % b`, with the sign of `b`. ZeroDivisionError "integer modulo by zero".
    IntMod "int_mod" None Fixed(2) [raises];
    /// `a ** b` for `b >= 0`, wrapping. ValueError "negative exponent" if `b < 0`.
    IntPow "int_pow" None Fixed(2) [raises];
    /// `a << b`; 0 if `b >= 64`; wraps. ValueError "negative shift count" if `b < 0`.
    IntLshift "int_lshift" None Fixed(2) [raises];
    /// `a >> b`, arithmetic; 0 or -1 if `b >= 64`. ValueError "negative shift count" if `b < 0`.
    IntRshift "int_rshift" None Fixed(2) [raises];
    /// `a & b`
    IntAnd "int_and" None Fixed(2) [pure];
    /// `a | b`
    IntOr "int_or" None Fixed(2) [pure];
    /// `a ^ b`
    IntXor "int_xor" None Fixed(2) [pure];
    /// `-a`, wrapping.
    IntNeg "int_neg" None Fixed(1) [pure];
    /// `~a`
    IntInvert "int_invert" None Fixed(1) [pure];
    /// `abs(a)`, wrapping (`abs(MIN) == MIN`).
    IntAbs "int_abs" None Fixed(1) [pure];
    /// `int_cmp COND a, b`: compare two ints.
    IntCmp "int_cmp" Cond Fixed(2) [pure];
    /// `ovfcheck(a + b)`: OverflowError "integer overflow" if the result leaves 64 bits.
    IntAddOvf "int_add_ovf" None Fixed(2) [raises];
    /// `ovfcheck(a - b)`: OverflowError "integer overflow" on overflow.
    IntSubOvf "int_sub_ovf" None Fixed(2) [raises];
    /// `ovfcheck(a * b)`: OverflowError "integer overflow" on overflow.
    IntMulOvf "int_mul_ovf" None Fixed(2) [raises];
    /// `float(a)`, rounded to nearest.
    IntToFloat "int_to_float" None Fixed(1) [pure];
    /// `a / b`: the correctly rounded quotient as a float. ZeroDivisionError "division by zero".
    IntTrueDiv "int_truediv" None Fixed(2) [raises];
    /// `str(a)` in decimal.
    IntToStr "int_to_str" None Fixed(1) [pure];
    /// `int_float_cmp COND a, b`: compare an int with a float exactly (no rounding
    /// of `a`); every condition but `ne` is false when `b` is NaN.
    IntFloatCmp "int_float_cmp" Cond Fixed(2) [pure];
    /// `int(b)` for a bool: 0 or 1.
    BoolToInt "bool_to_int" None Fixed(1) [pure];
    /// `r_uint(a)`: reinterpret the 64 bits as unsigned.
    IntToUint "int_to_uint" None Fixed(1) [pure];
    /// `intmask(a)`: reinterpret the 64 bits as signed.
    UintToInt "uint_to_int" None Fixed(1) [pure];

    // ---- uint: unsigned 64-bit, wrapping ----
    /// `a + b` modulo 2**64.
    UintAdd "uint_add" None Fixed(2) [pure];
    /// `a - b` modulo 2**64.
    UintSub "uint_sub" None Fixed(2) [pure];
    /// `a * b` modulo 2**64.
    UintMul "uint_mul" None Fixed(2) [pure];
    /// `a // b`. ZeroDivisionError "integer division or modulo by zero".
    UintFloorDiv "uint_floordiv" None Fixed(2) [raises];
    /// `a % b`. ZeroDivisionError "integer modulo by zero".
    UintMod "uint_mod" None Fixed(2) [raises];
    /// `a << b` (b is an int) modulo 2**64; 0 if `b >= 64`. ValueError "negative shift count".
    UintLshift "uint_lshift" None Fixed(2) [raises];
    /// `a >> b` (b is an int), logical; 0 if `b >= 64`. ValueError "negative shift count".
    UintRshift "uint_rshift" None Fixed(2) [raises];
    /// `a & b`
    UintAnd "uint_and" None Fixed(2) [pure];
    /// `a | b`
    UintOr "uint_or" None Fixed(2) [pure];
    /// `a ^ b`
    UintXor "uint_xor" None Fixed(2) [pure];
    /// `~a` modulo 2**64.
    UintInvert "uint_invert" None Fixed(1) [pure];
    /// `uint_cmp COND a, b`: unsigned comparison.
    UintCmp "uint_cmp" Cond Fixed(2) [pure];
    /// `float(a)`, rounded to nearest.
    UintToFloat "uint_to_float" None Fixed(1) [pure];
    /// `str(a)` in decimal.
    UintToStr "uint_to_str" None Fixed(1) [pure];

    // ---- float ----
    /// `a + b`
    FloatAdd "float_add" None Fixed(2) [pure];
    /// `a - b`
    FloatSub "float_sub" None Fixed(2) [pure];
    /// `a * b`
    FloatMul "float_mul" None Fixed(2) [pure];
    /// `a / b`. ZeroDivisionError "float division by zero" if `b == 0`.
    FloatTrueDiv "float_truediv" None Fixed(2) [raises];
    /// `a // b` (Python's floor division of floats). ZeroDivisionError "float floor division by zero".
    FloatFloorDiv "float_floordiv" None Fixed(2) [raises];
    /// `a % b`, with the sign of `b` (Python's). ZeroDivisionError "float modulo".
    FloatMod "float_mod" None Fixed(2) [raises];
    /// `a ** b`. ZeroDivisionError "0.0 cannot be raised to a negative power";
    /// ValueError "math domain error" for a negative base and non-integral
    /// exponent; OverflowError "(34, 'Numerical result out of range')" on overflow.
    FloatPow "float_pow" None Fixed(2) [raises];
    /// `-a`
    FloatNeg "float_neg" None Fixed(1) [pure];
    /// `abs(a)`
    FloatAbs "float_abs" None Fixed(1) [pure];
    /// `float_cmp COND a, b`: IEEE comparison (NaN compares unequal to everything).
    FloatCmp "float_cmp" Cond Fixed(2) [pure];
    /// `int(a)`: truncate toward zero. OverflowError "cannot convert float infinity
    /// to integer" (also when out of 64-bit range); ValueError "cannot convert float NaN to integer".
    FloatToInt "float_to_int" None Fixed(1) [raises];
    /// `repr(a)` (= `str(a)`): the shortest string that reads back as `a`, in CPython's layout.
    FloatRepr "float_repr" None Fixed(1) [pure];
    /// `float_fmt_fixed a, p`: `'%.*f' % (p, a)`, correctly rounded from the exact binary value.
    FloatFmtFixed "float_fmt_fixed" None Fixed(2) [pure];
    /// `float_fmt_exp a, p`: `'%.*e' % (p, a)`.
    FloatFmtExp "float_fmt_exp" None Fixed(2) [pure];
    /// `float_fmt_general a, p`: `'%.*g' % (p, a)`.
    FloatFmtGeneral "float_fmt_general" None Fixed(2) [pure];
    /// `float(s)`: accepts surrounding whitespace, a sign, `inf`/`nan`/`infinity`
    /// in any case. ValueError "could not convert string to float: 's'" (with repr of s).
    FloatFromStr "float_from_str" None Fixed(1) [raises];
    /// `math.sqrt(a)`. ValueError "math domain error" if `a < 0`.
    FloatSqrt "float_sqrt" None Fixed(1) [raises];
    /// `math.exp(a)`. OverflowError "math range error" if the result is infinite.
    FloatExp "float_exp" None Fixed(1) [raises];
    /// `math.log(a)`. ValueError "math domain error" if `a <= 0`.
    FloatLog "float_log" None Fixed(1) [raises];
    /// `math.sin(a)`. ValueError "math domain error" if `a` is infinite.
    FloatSin "float_sin" None Fixed(1) [raises];
    /// `math.cos(a)`. ValueError "math domain error" if `a` is infinite.
    FloatCos "float_cos" None Fixed(1) [raises];
    /// `math.tan(a)`. ValueError "math domain error" if `a` is infinite.
    FloatTan "float_tan" None Fixed(1) [raises];
    /// `math.atan2(a, b)`
    FloatAtan2 "float_atan2" None Fixed(2) [pure];
    /// `float(math.floor(a))`: the floor, as a float.
    FloatFloor "float_floor" None Fixed(1) [pure];
    /// `float(math.ceil(a))`: the ceiling, as a float.
    FloatCeil "float_ceil" None Fixed(1) [pure];
    /// `math.pow(a, b)`. ValueError "math domain error" (zero to a negative power,
    /// negative base with non-integral exponent); OverflowError "math range error".
    FloatMathPow "float_math_pow" None Fixed(2) [raises];

    // ---- bool and choice ----
    /// `not a`
    BoolNot "bool_not" None Fixed(1) [pure];
    /// `select c, a, b`: `a if c else b` without control flow; `a`, `b` and the result share one type.
    Select "select" None Fixed(3) [pure];

    // ---- str: immutable, indexed by code point ----
    /// `len(s)` in code points.
    StrLen "str_len" None Fixed(1) [raises];
    /// `s[i]` (negative `i` counts from the end). IndexError "string index out of range".
    StrGetItem "str_getitem" None Fixed(2) [raises];
    /// `ord(s[i])` without building a string. IndexError "string index out of range".
    StrCodeAt "str_code_at" None Fixed(2) [raises];
    /// `s[lo:hi]` with Python's adjustment of negative and out-of-range bounds.
    StrSlice "str_slice" None Fixed(3) [raises];
    /// `a + b`
    StrConcat "str_concat" None Fixed(2) [raises];
    /// `s * n`; empty if `n <= 0`.
    StrRepeat "str_repeat" None Fixed(2) [raises];
    /// `str_cmp COND a, b`: compare by code points, lexicographically.
    StrCmp "str_cmp" Cond Fixed(2) [raises];
    /// `s.find(sub, start, end)` with slice-style adjustment of `start`/`end`; -1 if absent.
    StrFind "str_find" None Fixed(4) [raises];
    /// `s.rfind(sub, start, end)`; -1 if absent.
    StrRfind "str_rfind" None Fixed(4) [raises];
    /// `s.startswith(prefix)`
    StrStartswith "str_startswith" None Fixed(2) [raises];
    /// `s.endswith(suffix)`
    StrEndswith "str_endswith" None Fixed(2) [raises];
    /// `chr(n)`. ValueError "chr() arg not in range(0x110000)".
    StrChr "str_chr" None Fixed(1) [raises];
    /// `sep.join(items)`. TypeError if an item is None.
    StrJoin "str_join" None Fixed(2) [raises];
    /// `s.lower()` (full Unicode case mapping).
    StrLower "str_lower" None Fixed(1) [raises];
    /// `s.upper()` (full Unicode case mapping).
    StrUpper "str_upper" None Fixed(1) [raises];
    /// `repr(s)`: quotes chosen and characters escaped as CPython does.
    StrRepr "str_repr" None Fixed(1) [raises];
    /// `char_class cp`: Unicode properties of code point `cp` as a bit set:
    /// 1 isdigit, 2 isalpha, 4 isspace, 8 isupper, 16 islower, 32 isprintable,
    /// 64 isdecimal, 128 isnumeric (each as `chr(cp).isX()` answers).
    CharClass "char_class" None Fixed(1) [pure];

    // ---- list<T> ----
    /// `[]`: a new empty list of the declared type.
    ListNew "list_new" None Fixed(0) [alloc];
    /// `[a, b, ...]`: a new list of the operands.
    ListOf "list_of" None AtLeast(0) [alloc];
    /// `[v] * n`: a new list of `n` copies of `v` (empty if `n <= 0`).
    ListNewFilled "list_new_filled" None Fixed(2) [alloc];
    /// `len(l)`
    ListLen "list_len" None Fixed(1) [raises];
    /// `l[i]` (negative `i` counts from the end). IndexError "list index out of range".
    ListGetItem "list_getitem" None Fixed(2) [raises];
    /// `l[i] = v`. IndexError "list assignment index out of range".
    ListSetItem "list_setitem" None Fixed(3) [raises];
    /// `l.append(v)`
    ListAppend "list_append" None Fixed(2) [raises];
    /// `l.pop(i)`. IndexError "pop from empty list" or "pop index out of range".
    ListPop "list_pop" None Fixed(2) [raises];
    /// `l.insert(i, v)`, with Python's clamping of `i`.
    ListInsert "list_insert" None Fixed(3) [raises];
    /// `del l[i]`. IndexError "list assignment index out of range".
    ListDelItem "list_delitem" None Fixed(2) [raises];
    /// `l[lo:hi]`: a new list (Python's bound adjustment).
    ListGetSlice "list_getslice" None Fixed(3) [raises alloc];
    /// `l[lo:hi] = other` (the lengths may differ; `other` may be `l` itself).
    ListSetSlice "list_setslice" None Fixed(4) [raises];
    /// `del l[lo:hi]`
    ListDelSlice "list_delslice" None Fixed(3) [raises];
    /// `l.extend(other)` (`other` may be `l` itself).
    ListExtend "list_extend" None Fixed(2) [raises];

    // ---- dict<K, V>: insertion-ordered ----
    /// `{}`: a new empty dict of the declared type.
    DictNew "dict_new" None Fixed(0) [alloc];
    /// `len(d)`
    DictLen "dict_len" None Fixed(1) [raises];
    /// `d[k]`. KeyError with `repr(k)` as its message.
    DictGetItem "dict_getitem" None Fixed(2) [raises];
    /// `d[k] = v` (an existing key keeps its position).
    DictSetItem "dict_setitem" None Fixed(3) [raises];
    /// `del d[k]`. KeyError with `repr(k)`.
    DictDelItem "dict_delitem" None Fixed(2) [raises];
    /// `k in d`
    DictContains "dict_contains" None Fixed(2) [raises];
    /// `d.get(k, default)`
    DictGet "dict_get" None Fixed(3) [raises];
    /// `d.pop(k)`. KeyError with `repr(k)`.
    DictPop "dict_pop" None Fixed(2) [raises];
    /// `list(d.keys())`: a new list of the keys in insertion order.
    DictKeys "dict_keys" None Fixed(1) [raises alloc];
    /// `list(d.values())`
    DictValues "dict_values" None Fixed(1) [raises alloc];
    /// `list(d.items())`: a new list of `(key, value)` tuples.
    DictItems "dict_items" None Fixed(1) [raises alloc];
    /// `d.clear()`
    DictClear "dict_clear" None Fixed(1) [raises];

    // ---- tuples ----
    /// `(a, b, ...)`: a tuple of the declared type.
    TupleNew "tuple_new" None AtLeast(0) [pure];
    /// `tuple_get N t`: item N of `t`.
    TupleGet "tuple_get" Index Fixed(1) [pure];

    // ---- identity, equality support ----
    /// `hash(x)` for int, uint, bool, float, str and tuples of them (equal values,
    /// including `0.0 == -0.0` and `1 == 1.0 == True`, hash equally); for an
    /// instance, a hash of its identity. Values are otherwise unspecified.
    Hash "hash" None Fixed(1) [pure];
    /// `a is b` for two references (str, list, dict, tuple, instance, func, file).
    RefIs "ref_is" None Fixed(2) [pure];
    /// `a is None`
    IsNone "is_none" None Fixed(1) [pure];

    // ---- instances ----
    /// `new C`: a new instance of class C with every field zero, False, 0.0 or None.
    New "new" Class Fixed(0) [alloc];
    /// `getfield C.f x`: read field `f`. AttributeError if `x` is None.
    GetField "getfield" Field Fixed(1) [raises];
    /// `setfield C.f x, v`: write field `f`. AttributeError if `x` is None.
    SetField "setfield" Field Fixed(2) [raises];
    /// `instance_of C x`: `isinstance(x, C)`; False for None.
    InstanceOf "instance_of" Class Fixed(1) [pure];
    /// `downcast C x`: `x` seen as a `C` (None stays None). TypeError if `x` is not a `C`.
    Downcast "downcast" Class Fixed(1) [raises];
    /// `classattr_get C.a x`: class attribute `a` as bound for the class of `x`
    /// (the nearest binding up from `x`'s class). AttributeError if `x` is None
    /// or no class on the way binds it.
    ClassAttrGet "classattr_get" ClassAttr Fixed(1) [raises];

    // ---- globals ----
    /// `global_get $g`: read a module global.
    GlobalGet "global_get" Global Fixed(0) [];
    /// `global_set $g v`: write a module global.
    GlobalSet "global_set" Global Fixed(1) [];

    // ---- calls ----
    /// `call @f(args)`: direct call.
    Call "call" Func AtLeast(0) [raises];
    /// `call_method C.m(x, args)`: virtual call of `m` on receiver `x`.
    /// AttributeError if `x` is None or its class has no implementation.
    CallMethod "call_method" Method AtLeast(1) [raises];
    /// `call_indirect f(args)`: call a function reference. TypeError if `f` is None.
    CallIndirect "call_indirect" None AtLeast(1) [raises];

    // ---- input and output ----
    /// `sys.stdout.write(s)` (buffered; flushed at exit and by `stdout_flush`).
    StdoutWrite "stdout_write" None Fixed(1) [raises];
    /// `sys.stdout.flush()`
    StdoutFlush "stdout_flush" None Fixed(0) [];
    /// `sys.stderr.write(s)` (stdout is flushed first).
    StderrWrite "stderr_write" None Fixed(1) [raises];
    /// `sys.stdin.readline()`: the next line with its `\n`, or "" at end of input.
    StdinReadline "stdin_readline" None Fixed(0) [];
    /// `sys.stdin.read()`: the rest of the input.
    StdinRead "stdin_read" None Fixed(0) [];
    /// `open(path, mode)` with mode "r" or "w" (UTF-8 text).
    /// OSError "[Errno 2] No such file or directory: 'path'" (strerror text of the failure).
    FileOpen "file_open" None Fixed(2) [raises];
    /// `f.read()`: the rest of the file. ValueError "I/O operation on closed file.".
    FileRead "file_read" None Fixed(1) [raises];
    /// `f.readline()`. ValueError "I/O operation on closed file.".
    FileReadline "file_readline" None Fixed(1) [raises];
    /// `f.write(s)`. ValueError "I/O operation on closed file.".
    FileWrite "file_write" None Fixed(2) [raises];
    /// `f.close()` (closing twice is allowed).
    FileClose "file_close" None Fixed(1) [raises];
    /// `time.time()`: seconds since the epoch.
    TimeTime "time_time" None Fixed(0) [];
    /// `time.perf_counter()`: a monotonic clock in seconds.
    TimePerfCounter "time_perf_counter" None Fixed(0) [];

    // ---- JIT hints (no-ops for every backend but the JIT) ----
    /// `jit_merge_point dN(greens; reds)`: top of the interpreter's dispatch loop.
    JitMergePoint "jit_merge_point" Driver AtLeast(0) [];
    /// `can_enter_jit dN(greens; reds)`: a backward jump of the interpreted program.
    CanEnterJit "can_enter_jit" Driver AtLeast(0) [];
    /// `promote x`: `x` itself; the JIT treats its value as a constant.
    Promote "promote" None Fixed(1) [pure];
    /// `we_are_jitted()`: False except in JIT-compiled code.
    WeAreJitted "we_are_jitted" None Fixed(0) [];
}

impl Opcode {
    /// The opcode named `name` in the text form.
    pub fn from_name(name: &str) -> Option<Opcode> {
        use std::collections::HashMap;
        use std::sync::OnceLock;
        static MAP: OnceLock<HashMap<&'static str, Opcode>> = OnceLock::new();
        MAP.get_or_init(|| Opcode::ALL.iter().map(|&o| (o.name(), o)).collect())
            .get(name)
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        for &op in Opcode::ALL {
            assert_eq!(Opcode::from_name(op.name()), Some(op), "{op:?}");
        }
        let mut names: Vec<_> = Opcode::ALL.iter().map(|o| o.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Opcode::ALL.len());
    }

    #[test]
    fn pure_ops_neither_raise_nor_allocate() {
        for &op in Opcode::ALL {
            let f = op.flags();
            assert!(!(f.pure && (f.raises || f.alloc)), "{op:?}");
        }
    }
}
