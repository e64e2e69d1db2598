//! Name resolution: what a module-level name, a module attribute or a
//! built-in name refers to. Pure functions of the program, shared by the
//! annotator and the lowering.

use super::classes::ClassTable;
use super::lattice::{Builtin, ClassKey, KnownModule, MathFn, ModRef, Stream};
use crate::flow::{BindingKind, FlowProgram, FuncId, ModuleId};
use core_ir::BuiltinClass;

/// What a name refers to.
#[derive(Clone, Debug, PartialEq)]
pub enum NameRef {
    /// A module-level function.
    Func(FuncId),
    /// A class (the program's or a built-in exception class).
    Class(ClassKey),
    /// A module.
    Module(ModRef),
    /// A module-level variable.
    Global(ModuleId, String),
    /// A built-in function.
    Builtin(Builtin),
    /// A float constant of a known module (`math.pi`, `math.e`).
    FloatConst(f64),
    /// `sys.stdout` and friends.
    Stream(Stream),
}

/// The module named by a dotted import path: a program module or a known one.
pub fn module_by_path(flow: &FlowProgram, path: &str) -> Option<ModRef> {
    if let Some(k) = KnownModule::from_path(path) {
        return Some(ModRef::Known(k));
    }
    flow.modules
        .iter()
        .find(|(_, m)| m.name == path)
        .map(|(id, _)| ModRef::User(id))
}

/// A name bound at the top level of `module`, then a built-in name.
pub fn resolve_global(
    flow: &FlowProgram,
    classes: &ClassTable,
    module: ModuleId,
    name: &str,
) -> Option<NameRef> {
    resolve_in_module(flow, classes, module, name, 0).or_else(|| resolve_builtin(name))
}

fn resolve_in_module(
    flow: &FlowProgram,
    classes: &ClassTable,
    module: ModuleId,
    name: &str,
    depth: u32,
) -> Option<NameRef> {
    if depth > 16 {
        return None;
    }
    let m = &flow.modules[module];
    let b = m.bindings.iter().find(|b| b.name == name)?;
    Some(match &b.kind {
        BindingKind::Function(f) => NameRef::Func(*f),
        BindingKind::Class(c) => NameRef::Class(classes.by_def[c]),
        BindingKind::Module(path) => NameRef::Module(module_by_path(flow, path)?),
        BindingKind::ImportFrom { module: path, attr } => match module_by_path(flow, path)? {
            ModRef::User(m2) => resolve_in_module(flow, classes, m2, attr, depth + 1)?,
            ModRef::Known(k) => resolve_known_attr(flow, k, attr)?,
        },
        BindingKind::Variable { .. } => NameRef::Global(module, name.to_string()),
    })
}

/// `module.name`.
pub fn resolve_module_attr(
    flow: &FlowProgram,
    classes: &ClassTable,
    m: ModRef,
    name: &str,
) -> Option<NameRef> {
    match m {
        ModRef::User(id) => resolve_in_module(flow, classes, id, name, 0),
        ModRef::Known(k) => resolve_known_attr(flow, k, name),
    }
}

fn resolve_known_attr(flow: &FlowProgram, k: KnownModule, name: &str) -> Option<NameRef> {
    use Builtin as B;
    Some(match (k, name) {
        (KnownModule::Kiln, "jit") => NameRef::Module(ModRef::Known(KnownModule::KilnJit)),
        (KnownModule::Kiln, "rarith") => NameRef::Module(ModRef::Known(KnownModule::KilnRarith)),
        (KnownModule::Kiln, "specialize") => {
            NameRef::Module(ModRef::Known(KnownModule::KilnSpecialize))
        }
        (KnownModule::KilnJit, "JitDriver") => NameRef::Builtin(B::JitDriver),
        (KnownModule::KilnJit, "promote") => NameRef::Builtin(B::Promote),
        (KnownModule::KilnJit, "hint") => NameRef::Builtin(B::Hint),
        (KnownModule::KilnJit, "we_are_jitted") => NameRef::Builtin(B::WeAreJitted),
        (KnownModule::KilnJit, "elidable") => NameRef::Builtin(B::DecoratorElidable),
        (KnownModule::KilnJit, "dont_look_inside") => NameRef::Builtin(B::DecoratorDontLookInside),
        (KnownModule::KilnJit, "unroll_safe") => NameRef::Builtin(B::DecoratorUnrollSafe),
        (KnownModule::KilnRarith, "ovfcheck") => NameRef::Builtin(B::Ovfcheck),
        (KnownModule::KilnRarith, "intmask") => NameRef::Builtin(B::Intmask),
        (KnownModule::KilnRarith, "r_uint") => NameRef::Builtin(B::RUint),
        (KnownModule::Sys, "stdout") => NameRef::Stream(Stream::Stdout),
        (KnownModule::Sys, "stderr") => NameRef::Stream(Stream::Stderr),
        (KnownModule::Sys, "stdin") => NameRef::Stream(Stream::Stdin),
        (KnownModule::Math, "pi") => NameRef::FloatConst(std::f64::consts::PI),
        (KnownModule::Math, "e") => NameRef::FloatConst(std::f64::consts::E),
        (KnownModule::Math, f) => NameRef::Builtin(B::Math(match f {
            "sqrt" => MathFn::Sqrt,
            "floor" => MathFn::Floor,
            "ceil" => MathFn::Ceil,
            "sin" => MathFn::Sin,
            "cos" => MathFn::Cos,
            "tan" => MathFn::Tan,
            "atan2" => MathFn::Atan2,
            "exp" => MathFn::Exp,
            "log" => MathFn::Log,
            "pow" => MathFn::Pow,
            "fabs" => MathFn::Fabs,
            _ => return None,
        })),
        (KnownModule::Time, "time") => NameRef::Builtin(B::TimeTime),
        (KnownModule::Time, "perf_counter") => NameRef::Builtin(B::TimePerfCounter),
        (KnownModule::Intrinsics, "char_class") => NameRef::Builtin(B::CharClass),
        (KnownModule::Intrinsics, "code_at") => NameRef::Builtin(B::CodeAt),
        (KnownModule::Intrinsics, "fmt_fixed") => NameRef::Builtin(B::FmtFixed),
        (KnownModule::Intrinsics, "fmt_exp") => NameRef::Builtin(B::FmtExp),
        (KnownModule::Intrinsics, "fmt_general") => NameRef::Builtin(B::FmtGeneral),
        _ => {
            let _ = flow;
            return None;
        }
    })
}

/// A Python built-in name.
pub fn resolve_builtin(name: &str) -> Option<NameRef> {
    use Builtin as B;
    let b = match name {
        "print" => B::Print,
        "len" => B::Len,
        "abs" => B::Abs,
        "min" => B::Min,
        "max" => B::Max,
        "sum" => B::Sum,
        "range" => B::Range,
        "enumerate" => B::Enumerate,
        "zip" => B::Zip,
        "reversed" => B::Reversed,
        "isinstance" => B::IsInstance,
        "int" => B::Int,
        "float" => B::Float,
        "str" => B::Str,
        "repr" => B::Repr,
        "bool" => B::Bool,
        "ord" => B::Ord,
        "chr" => B::Chr,
        "hex" => B::Hex,
        "hash" => B::Hash,
        "sorted" => B::Sorted,
        "list" => B::List,
        "divmod" => B::Divmod,
        "open" => B::Open,
        "super" => B::Super,
        "staticmethod" => B::StaticMethod,
        _ => {
            return BuiltinClass::ALL
                .iter()
                .find(|b| b.name() == name)
                .map(|&b| NameRef::Class(ClassTable::builtin(b)))
        }
    };
    Some(NameRef::Builtin(b))
}
