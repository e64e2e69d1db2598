//! The typing rule of every opcode: what operand types it accepts and what
//! result type it produces. The verifier applies [`check_inst`] to every
//! instruction; the builder uses [`infer_result`] for opcodes whose result
//! type follows from their operands.

use crate::entities::Type;
use crate::function::Imm;
use crate::opcode::{Arity, ImmKind, Opcode};
use crate::program::Program;
use crate::types::TypeData;

/// The result an instruction must have.
enum Res {
    /// No result.
    Void,
    /// A result of exactly this type.
    Exact(Type),
    /// A result whose declared type was checked by the rule itself.
    Declared,
}

/// Checks one instruction's operand count, immediate kind, operand types and
/// declared result type. `args` are the operand types; `result` the declared
/// result type, if the instruction has a result. The error is a sentence
/// naming the types involved.
pub fn check_inst(
    prog: &Program,
    op: Opcode,
    imm: &Imm,
    args: &[Type],
    result: Option<Type>,
) -> Result<(), String> {
    match op.arity() {
        Arity::Fixed(n) if args.len() != n as usize => {
            return Err(format!(
                "`{}` takes {} operand{}, got {}",
                op.name(),
                n,
                if n == 1 { "" } else { "s" },
                args.len()
            ))
        }
        Arity::AtLeast(n) if args.len() < n as usize => {
            return Err(format!(
                "`{}` takes at least {} operands, got {}",
                op.name(),
                n,
                args.len()
            ))
        }
        _ => {}
    }
    if imm_kind_of(imm) != op.imm_kind() {
        return Err(format!(
            "`{}` needs an immediate of kind {:?}, got {:?}",
            op.name(),
            op.imm_kind(),
            imm_kind_of(imm)
        ));
    }
    let c = Checker {
        prog,
        op,
        args,
        result,
    };
    let res = c.rule(imm)?;
    match (res, result) {
        (Res::Void, None) => Ok(()),
        (Res::Void, Some(_)) => Err(format!("`{}` produces no result", op.name())),
        (Res::Exact(_) | Res::Declared, None) => Err(format!("`{}` must have a result", op.name())),
        (Res::Exact(t), Some(r)) => {
            if t == r {
                Ok(())
            } else {
                Err(format!(
                    "result of `{}` is `{}`, declared `{}`",
                    op.name(),
                    prog.type_name(t),
                    prog.type_name(r)
                ))
            }
        }
        (Res::Declared, Some(_)) => Ok(()),
    }
}

/// The result type of `op` applied to operands of types `args`, when it
/// follows from them and the immediate (interning new types as needed).
/// `None` for opcodes without a result or whose result type must be declared
/// (`list_new`, `none`, `tuple_new`, `new`, ...).
pub fn infer_result(prog: &mut Program, op: Opcode, imm: &Imm, args: &[Type]) -> Option<Type> {
    use Opcode::*;
    let t = |i: usize| args.get(i).copied();
    match op {
        Iconst | IntAdd | IntSub | IntMul | IntFloorDiv | IntMod | IntPow | IntLshift
        | IntRshift | IntAnd | IntOr | IntXor | IntNeg | IntInvert | IntAbs | IntAddOvf
        | IntSubOvf | IntMulOvf | BoolToInt | UintToInt | FloatToInt | StrLen | StrCodeAt
        | StrFind | StrRfind | CharClass | ListLen | DictLen | Hash => Some(Type::INT),
        Uconst | IntToUint | UintAdd | UintSub | UintMul | UintFloorDiv | UintMod | UintLshift
        | UintRshift | UintAnd | UintOr | UintXor | UintInvert => Some(Type::UINT),
        Fconst | IntToFloat | IntTrueDiv | UintToFloat | FloatAdd | FloatSub | FloatMul
        | FloatTrueDiv | FloatFloorDiv | FloatMod | FloatPow | FloatNeg | FloatAbs
        | FloatFromStr | FloatSqrt | FloatExp | FloatLog | FloatSin | FloatCos | FloatTan
        | FloatAtan2 | FloatFloor | FloatCeil | FloatMathPow | TimeTime | TimePerfCounter => {
            Some(Type::FLOAT)
        }
        Bconst | IntCmp | IntFloatCmp | UintCmp | FloatCmp | BoolNot | StrCmp | StrStartswith
        | StrEndswith | DictContains | RefIs | IsNone | InstanceOf | WeAreJitted => {
            Some(Type::BOOL)
        }
        Sconst | IntToStr | UintToStr | FloatRepr | FloatFmtFixed | FloatFmtExp
        | FloatFmtGeneral | StrGetItem | StrSlice | StrConcat | StrRepeat | StrChr | StrJoin
        | StrLower | StrUpper | StrRepr | StdinReadline | StdinRead | FileRead | FileReadline => {
            Some(Type::STR)
        }
        FileOpen => Some(Type::FILE),
        Select => t(1),
        Promote => t(0),
        ListGetSlice => t(0),
        ListGetItem | ListPop => t(0).and_then(|l| prog.types.list_item(l)),
        DictGetItem | DictGet | DictPop => t(0).and_then(|d| prog.types.dict_kv(d)).map(|kv| kv.1),
        DictKeys => {
            let (k, _) = prog.types.dict_kv(t(0)?)?;
            Some(prog.types.list(k))
        }
        DictValues => {
            let (_, v) = prog.types.dict_kv(t(0)?)?;
            Some(prog.types.list(v))
        }
        DictItems => {
            let (k, v) = prog.types.dict_kv(t(0)?)?;
            let tup = prog.types.tuple(vec![k, v]);
            Some(prog.types.list(tup))
        }
        TupleGet => match imm {
            Imm::Index(i) => prog.types.tuple_items(t(0)?)?.get(*i as usize).copied(),
            _ => None,
        },
        FuncRef => match imm {
            Imm::Func(f) => Some(prog.func_type(*f)),
            _ => None,
        },
        FuncBind => match imm {
            Imm::Func(f) => {
                let fd = &prog.funcs[*f];
                let params = fd.params.get(1..)?.to_vec();
                let ret = fd.ret;
                Some(prog.types.func(params, ret))
            }
            _ => None,
        },
        MethodBind => match imm {
            Imm::Method(m) => {
                let md = &prog.methods[*m];
                let (p, r) = (md.params.clone(), md.ret);
                Some(prog.types.func(p, r))
            }
            _ => None,
        },
        GetField => match imm {
            Imm::Field(f) => Some(prog.fields[*f].ty),
            _ => None,
        },
        ClassAttrGet => match imm {
            Imm::ClassAttr(a) => Some(prog.class_attrs[*a].ty),
            _ => None,
        },
        GlobalGet => match imm {
            Imm::Global(g) => Some(prog.globals[*g].ty),
            _ => None,
        },
        New | Downcast => match imm {
            Imm::Class(c) => Some(prog.types.instance(*c)),
            _ => None,
        },
        Call => match imm {
            Imm::Func(f) => nonvoid(prog.funcs[*f].ret),
            _ => None,
        },
        CallMethod => match imm {
            Imm::Method(m) => nonvoid(prog.methods[*m].ret),
            _ => None,
        },
        CallIndirect => prog.types.func_sig(t(0)?).and_then(|(_, r)| nonvoid(r)),
        NoneConst | ListNew | ListOf | ListNewFilled | DictNew | TupleNew => None,
        ListSetItem | ListAppend | ListInsert | ListDelItem | ListSetSlice | ListDelSlice
        | ListExtend | DictSetItem | DictDelItem | DictClear | SetField | GlobalSet
        | StdoutWrite | StdoutFlush | StderrWrite | FileWrite | FileClose | JitMergePoint
        | CanEnterJit => None,
    }
}

fn nonvoid(t: Type) -> Option<Type> {
    if t == Type::VOID {
        None
    } else {
        Some(t)
    }
}

/// The kind of an immediate value.
pub fn imm_kind_of(imm: &Imm) -> ImmKind {
    match imm {
        Imm::None => ImmKind::None,
        Imm::Int(_) => ImmKind::Int,
        Imm::UInt(_) => ImmKind::UInt,
        Imm::Float(_) => ImmKind::Float,
        Imm::Bool(_) => ImmKind::Bool,
        Imm::Str(_) => ImmKind::Str,
        Imm::Cond(_) => ImmKind::Cond,
        Imm::Class(_) => ImmKind::Class,
        Imm::Field(_) => ImmKind::Field,
        Imm::Method(_) => ImmKind::Method,
        Imm::ClassAttr(_) => ImmKind::ClassAttr,
        Imm::Func(_) => ImmKind::Func,
        Imm::Global(_) => ImmKind::Global,
        Imm::Driver(_) => ImmKind::Driver,
        Imm::Index(_) => ImmKind::Index,
    }
}

struct Checker<'a> {
    prog: &'a Program,
    op: Opcode,
    args: &'a [Type],
    result: Option<Type>,
}

impl Checker<'_> {
    fn name(&self, t: Type) -> String {
        self.prog.type_name(t)
    }

    /// Operand `i` must be exactly `want`.
    fn arg_is(&self, i: usize, want: Type) -> Result<(), String> {
        let got = self.args[i];
        if got == want {
            Ok(())
        } else {
            Err(format!(
                "operand {} of `{}` must be `{}`, got `{}`",
                i + 1,
                self.op.name(),
                self.name(want),
                self.name(got)
            ))
        }
    }

    /// All operands must be exactly `want`.
    fn all_args(&self, want: Type) -> Result<(), String> {
        (0..self.args.len()).try_for_each(|i| self.arg_is(i, want))
    }

    /// Operand `i` must be usable as `want` (subclass instances allowed).
    fn arg_assignable(&self, i: usize, want: Type) -> Result<(), String> {
        let got = self.args[i];
        if self.prog.is_assignable(got, want) {
            Ok(())
        } else {
            Err(format!(
                "operand {} of `{}` must be `{}`, got `{}`",
                i + 1,
                self.op.name(),
                self.name(want),
                self.name(got)
            ))
        }
    }

    fn arg_list(&self, i: usize) -> Result<Type, String> {
        self.prog.types.list_item(self.args[i]).ok_or_else(|| {
            format!(
                "operand {} of `{}` must be a list, got `{}`",
                i + 1,
                self.op.name(),
                self.name(self.args[i])
            )
        })
    }

    fn arg_dict(&self, i: usize) -> Result<(Type, Type), String> {
        self.prog.types.dict_kv(self.args[i]).ok_or_else(|| {
            format!(
                "operand {} of `{}` must be a dict, got `{}`",
                i + 1,
                self.op.name(),
                self.name(self.args[i])
            )
        })
    }

    fn arg_ref(&self, i: usize) -> Result<(), String> {
        if self.prog.types.is_ref(self.args[i]) {
            Ok(())
        } else {
            Err(format!(
                "operand {} of `{}` must be a reference type, got `{}`",
                i + 1,
                self.op.name(),
                self.name(self.args[i])
            ))
        }
    }

    /// Operand `i` must be an instance of `class` or a subclass.
    fn arg_instance_of(&self, i: usize, class: crate::ClassId) -> Result<(), String> {
        let got = self.args[i];
        match self.prog.types.instance_class(got) {
            Some(c) if self.prog.is_subclass(c, class) => Ok(()),
            _ => Err(format!(
                "operand {} of `{}` must be an instance of `{}`, got `{}`",
                i + 1,
                self.op.name(),
                self.prog.classes[class].name,
                self.name(got)
            )),
        }
    }

    fn declared(&self) -> Result<Type, String> {
        self.result
            .ok_or_else(|| format!("`{}` must have a result", self.op.name()))
    }

    fn declared_list(&self) -> Result<Type, String> {
        let r = self.declared()?;
        self.prog.types.list_item(r).ok_or_else(|| {
            format!(
                "result of `{}` must be a list type, declared `{}`",
                self.op.name(),
                self.name(r)
            )
        })
    }

    fn expect_list_of(&self, item: Type) -> Result<Res, String> {
        let r = self.declared()?;
        match self.prog.types.get(r) {
            TypeData::List(i) if *i == item => Ok(Res::Declared),
            _ => Err(format!(
                "result of `{}` must be `list<{}>`, declared `{}`",
                self.op.name(),
                self.name(item),
                self.name(r)
            )),
        }
    }

    fn expect_func(&self, params: &[Type], ret: Type) -> Result<Res, String> {
        let r = self.declared()?;
        match self.prog.types.get(r) {
            TypeData::Func(p, rr) if p.as_slice() == params && *rr == ret => Ok(Res::Declared),
            _ => Err(format!(
                "result of `{}` must be `{}`, declared `{}`",
                self.op.name(),
                self.prog.func_type_name(params, ret),
                self.name(r)
            )),
        }
    }

    fn call_args(&self, first: usize, params: &[Type], what: &str) -> Result<(), String> {
        let n = self.args.len() - first;
        if n != params.len() {
            return Err(format!(
                "{what} takes {} argument{}, got {}",
                params.len(),
                if params.len() == 1 { "" } else { "s" },
                n
            ));
        }
        for (k, &p) in params.iter().enumerate() {
            self.arg_assignable(first + k, p)?;
        }
        Ok(())
    }

    fn ret(t: Type) -> Res {
        if t == Type::VOID {
            Res::Void
        } else {
            Res::Exact(t)
        }
    }

    fn rule(&self, imm: &Imm) -> Result<Res, String> {
        use Opcode::*;
        let p = self.prog;
        let (int, uint, float, boolean, s) =
            (Type::INT, Type::UINT, Type::FLOAT, Type::BOOL, Type::STR);
        Ok(match self.op {
            Iconst => Res::Exact(int),
            Uconst => Res::Exact(uint),
            Fconst => Res::Exact(float),
            Bconst => Res::Exact(boolean),
            Sconst => Res::Exact(s),
            NoneConst => {
                let r = self.declared()?;
                if !p.types.is_ref(r) {
                    return Err(format!(
                        "`none` needs a reference type, declared `{}`",
                        self.name(r)
                    ));
                }
                Res::Declared
            }
            FuncRef => {
                let Imm::Func(f) = imm else { unreachable!() };
                let fd = &p.funcs[*f];
                self.expect_func(&fd.params, fd.ret)?
            }
            FuncBind => {
                let Imm::Func(f) = imm else { unreachable!() };
                let fd = &p.funcs[*f];
                let Some((&first, rest)) = fd.params.split_first() else {
                    return Err(format!(
                        "`func_bind` needs a function with a parameter; `{}` has none",
                        fd.name
                    ));
                };
                self.arg_assignable(0, first)?;
                self.expect_func(rest, fd.ret)?
            }
            MethodBind => {
                let Imm::Method(m) = imm else { unreachable!() };
                let md = &p.methods[*m];
                self.arg_instance_of(0, md.class)?;
                self.expect_func(&md.params, md.ret)?
            }
            IntAdd | IntSub | IntMul | IntFloorDiv | IntMod | IntPow | IntLshift | IntRshift
            | IntAnd | IntOr | IntXor | IntAddOvf | IntSubOvf | IntMulOvf | IntNeg | IntInvert
            | IntAbs => {
                self.all_args(int)?;
                Res::Exact(int)
            }
            IntCmp => {
                self.all_args(int)?;
                Res::Exact(boolean)
            }
            IntToFloat => {
                self.arg_is(0, int)?;
                Res::Exact(float)
            }
            IntTrueDiv => {
                self.all_args(int)?;
                Res::Exact(float)
            }
            IntToStr => {
                self.arg_is(0, int)?;
                Res::Exact(s)
            }
            IntFloatCmp => {
                self.arg_is(0, int)?;
                self.arg_is(1, float)?;
                Res::Exact(boolean)
            }
            BoolToInt => {
                self.arg_is(0, boolean)?;
                Res::Exact(int)
            }
            IntToUint => {
                self.arg_is(0, int)?;
                Res::Exact(uint)
            }
            UintToInt => {
                self.arg_is(0, uint)?;
                Res::Exact(int)
            }
            UintAdd | UintSub | UintMul | UintFloorDiv | UintMod | UintAnd | UintOr | UintXor
            | UintInvert => {
                self.all_args(uint)?;
                Res::Exact(uint)
            }
            UintLshift | UintRshift => {
                self.arg_is(0, uint)?;
                self.arg_is(1, int)?;
                Res::Exact(uint)
            }
            UintCmp => {
                self.all_args(uint)?;
                Res::Exact(boolean)
            }
            UintToFloat => {
                self.arg_is(0, uint)?;
                Res::Exact(float)
            }
            UintToStr => {
                self.arg_is(0, uint)?;
                Res::Exact(s)
            }
            FloatAdd | FloatSub | FloatMul | FloatTrueDiv | FloatFloorDiv | FloatMod | FloatPow
            | FloatNeg | FloatAbs | FloatSqrt | FloatExp | FloatLog | FloatSin | FloatCos
            | FloatTan | FloatAtan2 | FloatFloor | FloatCeil | FloatMathPow => {
                self.all_args(float)?;
                Res::Exact(float)
            }
            FloatCmp => {
                self.all_args(float)?;
                Res::Exact(boolean)
            }
            FloatToInt => {
                self.arg_is(0, float)?;
                Res::Exact(int)
            }
            FloatRepr => {
                self.arg_is(0, float)?;
                Res::Exact(s)
            }
            FloatFmtFixed | FloatFmtExp | FloatFmtGeneral => {
                self.arg_is(0, float)?;
                self.arg_is(1, int)?;
                Res::Exact(s)
            }
            FloatFromStr => {
                self.arg_is(0, s)?;
                Res::Exact(float)
            }
            BoolNot => {
                self.arg_is(0, boolean)?;
                Res::Exact(boolean)
            }
            Select => {
                self.arg_is(0, boolean)?;
                let r = self.declared()?;
                self.arg_assignable(1, r)?;
                self.arg_assignable(2, r)?;
                Res::Declared
            }
            StrLen => {
                self.arg_is(0, s)?;
                Res::Exact(int)
            }
            StrGetItem => {
                self.arg_is(0, s)?;
                self.arg_is(1, int)?;
                Res::Exact(s)
            }
            StrCodeAt => {
                self.arg_is(0, s)?;
                self.arg_is(1, int)?;
                Res::Exact(int)
            }
            StrSlice => {
                self.arg_is(0, s)?;
                self.arg_is(1, int)?;
                self.arg_is(2, int)?;
                Res::Exact(s)
            }
            StrConcat => {
                self.all_args(s)?;
                Res::Exact(s)
            }
            StrRepeat => {
                self.arg_is(0, s)?;
                self.arg_is(1, int)?;
                Res::Exact(s)
            }
            StrCmp => {
                self.all_args(s)?;
                Res::Exact(boolean)
            }
            StrFind | StrRfind => {
                self.arg_is(0, s)?;
                self.arg_is(1, s)?;
                self.arg_is(2, int)?;
                self.arg_is(3, int)?;
                Res::Exact(int)
            }
            StrStartswith | StrEndswith => {
                self.all_args(s)?;
                Res::Exact(boolean)
            }
            StrChr => {
                self.arg_is(0, int)?;
                Res::Exact(s)
            }
            StrJoin => {
                self.arg_is(0, s)?;
                let item = self.arg_list(1)?;
                if item != s {
                    return Err(format!(
                        "operand 2 of `str_join` must be `list<str>`, got `{}`",
                        self.name(self.args[1])
                    ));
                }
                Res::Exact(s)
            }
            StrLower | StrUpper | StrRepr => {
                self.arg_is(0, s)?;
                Res::Exact(s)
            }
            CharClass => {
                self.arg_is(0, int)?;
                Res::Exact(int)
            }
            ListNew => {
                self.declared_list()?;
                Res::Declared
            }
            ListOf => {
                let item = self.declared_list()?;
                for i in 0..self.args.len() {
                    self.arg_assignable(i, item)?;
                }
                Res::Declared
            }
            ListNewFilled => {
                self.arg_is(0, int)?;
                let item = self.declared_list()?;
                self.arg_assignable(1, item)?;
                Res::Declared
            }
            ListLen => {
                self.arg_list(0)?;
                Res::Exact(int)
            }
            ListGetItem | ListPop => {
                let item = self.arg_list(0)?;
                self.arg_is(1, int)?;
                Res::Exact(item)
            }
            ListSetItem | ListInsert => {
                let item = self.arg_list(0)?;
                self.arg_is(1, int)?;
                self.arg_assignable(2, item)?;
                Res::Void
            }
            ListAppend => {
                let item = self.arg_list(0)?;
                self.arg_assignable(1, item)?;
                Res::Void
            }
            ListDelItem => {
                self.arg_list(0)?;
                self.arg_is(1, int)?;
                Res::Void
            }
            ListGetSlice => {
                self.arg_list(0)?;
                self.arg_is(1, int)?;
                self.arg_is(2, int)?;
                Res::Exact(self.args[0])
            }
            ListSetSlice => {
                self.arg_list(0)?;
                self.arg_is(1, int)?;
                self.arg_is(2, int)?;
                self.arg_is(3, self.args[0])?;
                Res::Void
            }
            ListDelSlice => {
                self.arg_list(0)?;
                self.arg_is(1, int)?;
                self.arg_is(2, int)?;
                Res::Void
            }
            ListExtend => {
                self.arg_list(0)?;
                self.arg_is(1, self.args[0])?;
                Res::Void
            }
            DictNew => {
                let r = self.declared()?;
                let Some((k, _)) = p.types.dict_kv(r) else {
                    return Err(format!(
                        "result of `dict_new` must be a dict type, declared `{}`",
                        self.name(r)
                    ));
                };
                if !p.types.is_hashable(k) {
                    return Err(format!("dict key type `{}` is not hashable", self.name(k)));
                }
                Res::Declared
            }
            DictLen => {
                self.arg_dict(0)?;
                Res::Exact(int)
            }
            DictGetItem | DictPop => {
                let (k, v) = self.arg_dict(0)?;
                self.arg_assignable(1, k)?;
                Res::Exact(v)
            }
            DictSetItem => {
                let (k, v) = self.arg_dict(0)?;
                self.arg_assignable(1, k)?;
                self.arg_assignable(2, v)?;
                Res::Void
            }
            DictDelItem => {
                let (k, _) = self.arg_dict(0)?;
                self.arg_assignable(1, k)?;
                Res::Void
            }
            DictContains => {
                let (k, _) = self.arg_dict(0)?;
                self.arg_assignable(1, k)?;
                Res::Exact(boolean)
            }
            DictGet => {
                let (k, v) = self.arg_dict(0)?;
                self.arg_assignable(1, k)?;
                self.arg_assignable(2, v)?;
                Res::Exact(v)
            }
            DictKeys => {
                let (k, _) = self.arg_dict(0)?;
                self.expect_list_of(k)?
            }
            DictValues => {
                let (_, v) = self.arg_dict(0)?;
                self.expect_list_of(v)?
            }
            DictItems => {
                let (k, v) = self.arg_dict(0)?;
                let r = self.declared()?;
                let ok = p
                    .types
                    .list_item(r)
                    .and_then(|t| p.types.tuple_items(t))
                    .is_some_and(|items| items == [k, v]);
                if !ok {
                    return Err(format!(
                        "result of `dict_items` must be `list<tuple<{}, {}>>`, declared `{}`",
                        self.name(k),
                        self.name(v),
                        self.name(r)
                    ));
                }
                Res::Declared
            }
            DictClear => {
                self.arg_dict(0)?;
                Res::Void
            }
            TupleNew => {
                let r = self.declared()?;
                let Some(items) = p.types.tuple_items(r) else {
                    return Err(format!(
                        "result of `tuple_new` must be a tuple type, declared `{}`",
                        self.name(r)
                    ));
                };
                if items.len() != self.args.len() {
                    return Err(format!(
                        "`tuple_new` of `{}` needs {} operands, got {}",
                        self.name(r),
                        items.len(),
                        self.args.len()
                    ));
                }
                for (i, &t) in items.iter().enumerate() {
                    self.arg_assignable(i, t)?;
                }
                Res::Declared
            }
            TupleGet => {
                let Imm::Index(i) = imm else { unreachable!() };
                let Some(items) = p.types.tuple_items(self.args[0]) else {
                    return Err(format!(
                        "operand 1 of `tuple_get` must be a tuple, got `{}`",
                        self.name(self.args[0])
                    ));
                };
                let Some(&t) = items.get(*i as usize) else {
                    return Err(format!(
                        "`tuple_get {i}` is out of range for `{}`",
                        self.name(self.args[0])
                    ));
                };
                Res::Exact(t)
            }
            Hash => {
                if !p.types.is_hashable(self.args[0]) {
                    return Err(format!(
                        "`hash` of unhashable type `{}`",
                        self.name(self.args[0])
                    ));
                }
                Res::Exact(int)
            }
            RefIs => {
                self.arg_ref(0)?;
                self.arg_ref(1)?;
                Res::Exact(boolean)
            }
            IsNone => {
                self.arg_ref(0)?;
                Res::Exact(boolean)
            }
            New => {
                let Imm::Class(c) = imm else { unreachable!() };
                let r = self.declared()?;
                if p.types.instance_class(r) != Some(*c) {
                    return Err(format!(
                        "result of `new {}` must be `{}`, declared `{}`",
                        p.classes[*c].name,
                        p.classes[*c].name,
                        self.name(r)
                    ));
                }
                Res::Declared
            }
            GetField => {
                let Imm::Field(f) = imm else { unreachable!() };
                let fd = &p.fields[*f];
                self.arg_instance_of(0, fd.class)?;
                Res::Exact(fd.ty)
            }
            SetField => {
                let Imm::Field(f) = imm else { unreachable!() };
                let fd = &p.fields[*f];
                self.arg_instance_of(0, fd.class)?;
                self.arg_assignable(1, fd.ty)?;
                Res::Void
            }
            InstanceOf => {
                if p.types.instance_class(self.args[0]).is_none() {
                    return Err(format!(
                        "operand 1 of `instance_of` must be an instance, got `{}`",
                        self.name(self.args[0])
                    ));
                }
                Res::Exact(boolean)
            }
            Downcast => {
                let Imm::Class(c) = imm else { unreachable!() };
                if p.types.instance_class(self.args[0]).is_none() {
                    return Err(format!(
                        "operand 1 of `downcast` must be an instance, got `{}`",
                        self.name(self.args[0])
                    ));
                }
                let r = self.declared()?;
                if p.types.instance_class(r) != Some(*c) {
                    return Err(format!(
                        "result of `downcast {}` must be `{}`, declared `{}`",
                        p.classes[*c].name,
                        p.classes[*c].name,
                        self.name(r)
                    ));
                }
                Res::Declared
            }
            ClassAttrGet => {
                let Imm::ClassAttr(a) = imm else {
                    unreachable!()
                };
                let ad = &p.class_attrs[*a];
                self.arg_instance_of(0, ad.class)?;
                Res::Exact(ad.ty)
            }
            GlobalGet => {
                let Imm::Global(g) = imm else { unreachable!() };
                Res::Exact(p.globals[*g].ty)
            }
            GlobalSet => {
                let Imm::Global(g) = imm else { unreachable!() };
                self.arg_assignable(0, p.globals[*g].ty)?;
                Res::Void
            }
            Call => {
                let Imm::Func(f) = imm else { unreachable!() };
                let fd = &p.funcs[*f];
                self.call_args(0, &fd.params, &format!("`@{}`", fd.name))?;
                Self::ret(fd.ret)
            }
            CallMethod => {
                let Imm::Method(m) = imm else { unreachable!() };
                let md = &p.methods[*m];
                self.arg_instance_of(0, md.class)?;
                self.call_args(
                    1,
                    &md.params,
                    &format!("method `{}.{}`", p.classes[md.class].name, md.name),
                )?;
                Self::ret(md.ret)
            }
            CallIndirect => {
                let Some((params, ret)) = p.types.func_sig(self.args[0]) else {
                    return Err(format!(
                        "operand 1 of `call_indirect` must be a function, got `{}`",
                        self.name(self.args[0])
                    ));
                };
                self.call_args(1, params, &format!("`{}`", self.name(self.args[0])))?;
                Self::ret(ret)
            }
            StdoutWrite | StderrWrite => {
                self.arg_is(0, s)?;
                Res::Void
            }
            StdoutFlush => Res::Void,
            StdinReadline | StdinRead => Res::Exact(s),
            FileOpen => {
                self.all_args(s)?;
                Res::Exact(Type::FILE)
            }
            FileRead | FileReadline => {
                self.arg_is(0, Type::FILE)?;
                Res::Exact(s)
            }
            FileWrite => {
                self.arg_is(0, Type::FILE)?;
                self.arg_is(1, s)?;
                Res::Void
            }
            FileClose => {
                self.arg_is(0, Type::FILE)?;
                Res::Void
            }
            TimeTime | TimePerfCounter => Res::Exact(float),
            JitMergePoint | CanEnterJit => {
                let Imm::Driver(d) = imm else { unreachable!() };
                let dd = &p.drivers[*d];
                let want: Vec<Type> = dd
                    .greens
                    .iter()
                    .chain(dd.reds.iter())
                    .map(|(_, t)| *t)
                    .collect();
                if want.len() != self.args.len() {
                    return Err(format!(
                        "`{}` of driver `{}` takes {} greens and {} reds, got {} operands",
                        self.op.name(),
                        dd.name,
                        dd.greens.len(),
                        dd.reds.len(),
                        self.args.len()
                    ));
                }
                for (i, &t) in want.iter().enumerate() {
                    self.arg_assignable(i, t)?;
                }
                Res::Void
            }
            Promote => Res::Exact(self.args[0]),
            WeAreJitted => Res::Exact(boolean),
        })
    }
}
