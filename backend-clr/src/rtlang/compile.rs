//! Type checking and IL generation for one method of the runtime language.

use super::syntax::{Expr, Stmt, TypeExpr};
use super::{ClassInfo, FieldInfo, MethodInfo, World};
use crate::il::{Br, IlBuilder, Label, Local, Op};
use crate::meta::model::{ExtTypeId, MethodSig, Ty, TypeRef};
use std::collections::HashMap;

pub(super) type R<T> = Result<T, String>;

/// The type of `null` (converts to every reference type).
pub(super) fn null_ty() -> Ty {
    Ty::Class(TypeRef::Ext(ExtTypeId(u32::MAX)))
}

/// Where a name lives.
pub(super) enum Place {
    Local(Local, Ty),
    Arg(u16, Ty),
    Static(FieldInfo),
}

pub(super) struct Fn<'w> {
    pub(super) world: &'w World,
    pub(super) class: String,
    pub(super) b: IlBuilder,
    pub(super) scopes: Vec<HashMap<String, (Local, Ty)>>,
    pub(super) params: HashMap<String, (u16, Ty)>,
    pub(super) ret: Ty,
    pub(super) loops: Vec<(Label, Label, usize)>,
    pub(super) try_depth: usize,
}

/// Compiles one method body.
pub fn compile_method(
    world: &World,
    class: &str,
    sig: &MethodSig,
    params: &[(String, TypeExpr)],
    body: &[Stmt],
) -> R<crate::il::Body> {
    let offset = sig.has_this as u16;
    let mut f = Fn {
        world,
        class: class.to_string(),
        b: IlBuilder::new(),
        scopes: vec![HashMap::new()],
        params: params
            .iter()
            .zip(&sig.params)
            .enumerate()
            .map(|(i, ((n, _), t))| (n.clone(), (i as u16 + offset, t.clone())))
            .collect(),
        ret: sig.ret.clone(),
        loops: Vec::new(),
        try_depth: 0,
    };
    if sig.has_this {
        let this_ty = world.class(class)?.ty.clone();
        f.params.insert("this".into(), (0, this_ty));
    }
    f.stmts(body)?;
    if f.b.reachable() {
        if f.ret != Ty::Void {
            return Err("missing return at the end".into());
        }
        f.b.ret(false);
    }
    f.b.finish()
}

pub(super) fn is_int_like(t: &Ty) -> bool {
    matches!(t, Ty::I4 | Ty::Char | Ty::U1 | Ty::U2)
}

fn is_numeric(t: &Ty) -> bool {
    is_int_like(t) || matches!(t, Ty::I8 | Ty::U8 | Ty::R8)
}

fn promote(a: &Ty, b: &Ty) -> Ty {
    if *a == Ty::R8 || *b == Ty::R8 {
        Ty::R8
    } else if *a == Ty::U8 || *b == Ty::U8 {
        Ty::U8
    } else if *a == Ty::I8 || *b == Ty::I8 {
        Ty::I8
    } else {
        Ty::I4
    }
}

impl Fn<'_> {
    pub(super) fn lookup(&self, name: &str) -> Option<Place> {
        for s in self.scopes.iter().rev() {
            if let Some((l, t)) = s.get(name) {
                return Some(Place::Local(*l, t.clone()));
            }
        }
        if let Some((i, t)) = self.params.get(name) {
            return Some(Place::Arg(*i, t.clone()));
        }
        let c = self.world.classes.get(&self.class)?;
        c.fields
            .get(name)
            .filter(|f| f.is_static)
            .map(|f| Place::Static(f.clone()))
    }

    pub(super) fn is_class_name(&self, e: &Expr) -> Option<&ClassInfo> {
        match e {
            Expr::Name(n) if self.lookup(n).is_none() => self.world.classes.get(n),
            _ => None,
        }
    }

    pub(super) fn class_of(&self, ty: &Ty) -> R<&ClassInfo> {
        let name = self
            .world
            .by_ty
            .get(ty)
            .ok_or_else(|| format!("values of type {ty:?} have no members"))?;
        self.world.class(name)
    }

    pub(super) fn find_field(&self, ty: &Ty, name: &str) -> R<FieldInfo> {
        let mut c = self.class_of(ty)?;
        loop {
            if let Some(f) = c.fields.get(name) {
                return Ok(f.clone());
            }
            match &c.base {
                Some(b) => c = self.world.class(b)?,
                None => return Err(format!("no field `{name}` on {ty:?}")),
            }
        }
    }

    pub(super) fn candidates(&self, ty: &Ty, name: &str) -> R<Vec<MethodInfo>> {
        let mut c = self.class_of(ty)?;
        loop {
            if let Some(ms) = c.methods.get(name) {
                return Ok(ms.clone());
            }
            match &c.base {
                Some(b) => c = self.world.class(b)?,
                None => return Err(format!("no method `{name}` on {ty:?}")),
            }
        }
    }

    pub(super) fn convertible(&self, from: &Ty, to: &Ty) -> bool {
        if from == to || (*from == null_ty() && to.is_ref()) || self.world.is_subtype(from, to) {
            return true;
        }
        match to {
            Ty::I8 => is_int_like(from) || *from == Ty::U8,
            Ty::U8 => *from == Ty::I8,
            Ty::R8 => is_int_like(from) || matches!(from, Ty::I8 | Ty::U8),
            Ty::I4 => matches!(from, Ty::Char | Ty::U1 | Ty::U2),
            _ => false,
        }
    }

    pub(super) fn pick(&self, cands: Vec<MethodInfo>, args: &[Expr], what: &str) -> R<MethodInfo> {
        let tys = args.iter().map(|a| self.infer(a)).collect::<R<Vec<_>>>()?;
        let arity: Vec<MethodInfo> = cands
            .into_iter()
            .filter(|m| m.sig.params.len() == args.len())
            .collect();
        if let Some(m) = arity
            .iter()
            .find(|m| m.sig.params.iter().zip(&tys).all(|(p, a)| p == a))
        {
            return Ok(m.clone());
        }
        arity
            .into_iter()
            .find(|m| {
                m.sig
                    .params
                    .iter()
                    .zip(&tys)
                    .all(|(p, a)| self.convertible(a, p))
            })
            .ok_or_else(|| format!("no overload of `{what}` takes {tys:?}"))
    }

    /// The method a call refers to, and whether it has a receiver expression.
    pub(super) fn resolve_call<'e>(
        &self,
        callee: &'e Expr,
        args: &[Expr],
    ) -> R<(MethodInfo, Option<&'e Expr>)> {
        match callee {
            Expr::Name(n) => {
                let c = self.world.class(&self.class)?;
                let cands = c
                    .methods
                    .get(n)
                    .cloned()
                    .ok_or_else(|| format!("unknown function `{n}`"))?;
                Ok((self.pick(cands, args, n)?, None))
            }
            Expr::Member(obj, m) => {
                if let Some(c) = self.is_class_name(obj) {
                    let cands = c
                        .methods
                        .get(m)
                        .cloned()
                        .ok_or_else(|| format!("unknown method `{m}`"))?;
                    let mi = self.pick(cands, args, m)?;
                    if mi.sig.has_this {
                        return Err(format!("`{m}` is an instance method"));
                    }
                    return Ok((mi, None));
                }
                let ty = self.infer(obj)?;
                let mi = self.pick(self.candidates(&ty, m)?, args, m)?;
                if !mi.sig.has_this {
                    return Err(format!("`{m}` is static"));
                }
                Ok((mi, Some(&**obj)))
            }
            _ => Err("only names and members can be called".into()),
        }
    }

    /// The type of an expression (without emitting code).
    pub(super) fn infer(&self, e: &Expr) -> R<Ty> {
        Ok(match e {
            Expr::Int(v, l) => {
                if *l || i32::try_from(*v).is_err() {
                    Ty::I8
                } else {
                    Ty::I4
                }
            }
            Expr::Double(_) => Ty::R8,
            Expr::Str(_) => Ty::String,
            Expr::Char(_) => Ty::Char,
            Expr::Bool(_) => Ty::Bool,
            Expr::Null => null_ty(),
            Expr::Name(n) => match self.lookup(n) {
                Some(Place::Local(_, t) | Place::Arg(_, t)) => t,
                Some(Place::Static(f)) => f.ty,
                None => return Err(format!("unknown name `{n}`")),
            },
            Expr::Member(obj, f) => {
                if let Some(c) = self.is_class_name(obj) {
                    return c
                        .fields
                        .get(f)
                        .map(|x| x.ty.clone())
                        .ok_or_else(|| format!("unknown static field `{f}`"));
                }
                let t = self.infer(obj)?;
                if f == "Length" && matches!(t, Ty::Array(_) | Ty::String) {
                    return Ok(Ty::I4);
                }
                self.find_field(&t, f)?.ty
            }
            Expr::Index(a, _) => match self.infer(a)? {
                Ty::Array(e) => *e,
                Ty::String => Ty::Char,
                t => return Err(format!("cannot index {t:?}")),
            },
            Expr::Call(callee, args) => self.resolve_call(callee, args)?.0.sig.ret,
            Expr::New(c, _) => self.world.class(c)?.ty.clone(),
            Expr::NewArray(t, _) => Ty::Array(Box::new(self.world.resolve(t)?)),
            Expr::Unary(op, x) => {
                let t = self.infer(x)?;
                match *op {
                    "!" => Ty::Bool,
                    _ => promote(&t, &Ty::I4),
                }
            }
            Expr::Binary(op, a, b) => {
                let (ta, tb) = (self.infer(a)?, self.infer(b)?);
                match *op {
                    "==" | "!=" | "<" | "<=" | ">" | ">=" | "&&" | "||" => Ty::Bool,
                    "<<" | ">>" | ">>>" => promote(&ta, &Ty::I4),
                    "&" | "|" | "^" if ta == Ty::Bool && tb == Ty::Bool => Ty::Bool,
                    _ => promote(&ta, &tb),
                }
            }
            Expr::Cast(t, _) => self.world.resolve(t)?,
            Expr::Is(..) => Ty::Bool,
            Expr::Default(t) => self.world.resolve(t)?,
            Expr::Blob(name) => {
                let b = self
                    .world
                    .blobs
                    .get(name)
                    .ok_or_else(|| format!("unknown blob `{name}`"))?;
                Ty::Array(Box::new(b.elem.clone()))
            }
            Expr::Cond(_, a, b) => {
                let t = self.infer(a)?;
                if t == null_ty() {
                    self.infer(b)?
                } else {
                    t
                }
            }
        })
    }

    /// Converts the value on the stack from `from` to `to` (implicit conversions only).
    pub(super) fn coerce(&mut self, from: &Ty, to: &Ty) -> R<()> {
        if from == to || (*from == null_ty() && to.is_ref()) || self.world.is_subtype(from, to) {
            return Ok(());
        }
        match (from, to) {
            (Ty::Char | Ty::U1 | Ty::U2, Ty::I8) => self.b.op(Op::ConvU8),
            (Ty::I4, Ty::I8) => self.b.op(Op::ConvI8),
            (Ty::I8, Ty::U8) | (Ty::U8, Ty::I8) => {}
            (f, Ty::R8) if is_int_like(f) || *f == Ty::I8 => self.b.op(Op::ConvR8),
            (Ty::U8, Ty::R8) => {
                self.b.op(Op::ConvRUn);
                self.b.op(Op::ConvR8)
            }
            (Ty::Char | Ty::U1 | Ty::U2, Ty::I4) => {}
            _ => return Err(format!("cannot convert {from:?} to {to:?}")),
        }
        Ok(())
    }

    pub(super) fn emit_as(&mut self, e: &Expr, to: &Ty) -> R<()> {
        // Integer literals go straight to the wanted width.
        if let (Expr::Int(v, _), Ty::I8 | Ty::U8) = (e, to) {
            self.b.ldc_i8(*v);
            return Ok(());
        }
        if let (Expr::Int(v, _), Ty::R8) = (e, to) {
            self.b.ldc_r8(*v as f64);
            return Ok(());
        }
        let t = self.expr(e)?;
        self.coerce(&t, to)
    }

    /// Emits `e`; its type.
    pub(super) fn expr(&mut self, e: &Expr) -> R<Ty> {
        let ty = self.infer(e)?;
        match e {
            Expr::Int(v, _) => {
                if ty == Ty::I8 {
                    self.b.ldc_i8(*v)
                } else {
                    self.b.ldc_i4(*v as i32)
                }
            }
            Expr::Double(v) => self.b.ldc_r8(*v),
            Expr::Str(s) => self.b.ldstr(s),
            Expr::Char(c) => self.b.ldc_i4(*c as i32),
            Expr::Bool(v) => self.b.ldc_i4(*v as i32),
            Expr::Null => self.b.op(Op::Ldnull),
            Expr::Name(n) => match self.lookup(n) {
                Some(Place::Local(l, _)) => self.b.ldloc(l),
                Some(Place::Arg(i, _)) => self.b.ldarg(i),
                Some(Place::Static(f)) => self.b.ldsfld(f.fref),
                None => return Err(format!("unknown name `{n}`")),
            },
            Expr::Member(obj, f) => {
                if let Some(c) = self.is_class_name(obj) {
                    let fi = c
                        .fields
                        .get(f)
                        .cloned()
                        .ok_or_else(|| format!("unknown static field `{f}`"))?;
                    self.b.ldsfld(fi.fref);
                    return Ok(ty);
                }
                let t = self.expr(obj)?;
                match (&t, f.as_str()) {
                    (Ty::Array(_), "Length") => {
                        self.b.op(Op::Ldlen);
                        self.b.op(Op::ConvI4);
                    }
                    (Ty::String, "Length") => {
                        let m = self.candidates(&Ty::String, "get_Length")?.remove(0);
                        self.b.callvirt(m.mref, &m.sig);
                    }
                    _ => {
                        let fi = self.find_field(&t, f)?;
                        self.b.ldfld(fi.fref);
                    }
                }
            }
            Expr::Index(a, i) => {
                let at = self.expr(a)?;
                self.emit_as(i, &Ty::I4)?;
                match at {
                    Ty::String => {
                        let m = self.candidates(&Ty::String, "get_Chars")?.remove(0);
                        self.b.callvirt(m.mref, &m.sig);
                    }
                    Ty::Array(elem) => self.ldelem(&elem),
                    _ => unreachable!(),
                }
            }
            Expr::Call(callee, args) => {
                let (m, recv) = self.resolve_call(callee, args)?;
                let mut by_ref = false;
                if let Some(r) = recv {
                    if let Ty::ValueType(_) = self.infer(r)? {
                        let Some(Place::Local(l, _)) = (match r {
                            Expr::Name(n) => self.lookup(n),
                            _ => None,
                        }) else {
                            return Err("methods of value types are called on locals only".into());
                        };
                        self.b.ldloca(l);
                        by_ref = true;
                    } else {
                        self.expr(r)?;
                    }
                }
                for (a, p) in args.iter().zip(&m.sig.params) {
                    self.emit_as(a, p)?;
                }
                if recv.is_some() && !by_ref {
                    self.b.callvirt(m.mref, &m.sig);
                } else {
                    self.b.call(m.mref, &m.sig);
                }
            }
            Expr::New(c, args) => {
                let ctors = self.world.class(c)?.ctors.clone();
                let m = self.pick(ctors, args, c)?;
                for (a, p) in args.iter().zip(&m.sig.params) {
                    self.emit_as(a, p)?;
                }
                self.b.newobj(m.mref, &m.sig);
            }
            Expr::NewArray(t, n) => {
                let elem = self.world.resolve(t)?;
                self.emit_as(n, &Ty::I4)?;
                self.b.newarr(&elem);
            }
            Expr::Unary(op, x) => {
                if *op == "!" {
                    self.emit_as(x, &Ty::Bool)?;
                    self.b.ldc_i4(0);
                    self.b.op(Op::Ceq);
                } else {
                    self.emit_as(x, &ty)?;
                    self.b.op(if *op == "-" { Op::Neg } else { Op::Not });
                }
            }
            Expr::Binary(op, a, b) => self.binary(op, a, b, &ty)?,
            Expr::Cast(t, x) => {
                let to = self.world.resolve(t)?;
                let from = self.expr(x)?;
                self.cast(&from, &to)?;
            }
            Expr::Is(x, t) => {
                let to = self.world.resolve(t)?;
                self.expr(x)?;
                self.b.isinst(&to);
                self.b.op(Op::Ldnull);
                self.b.op(Op::CgtUn);
            }
            Expr::Default(_) => match &ty {
                Ty::I8 | Ty::U8 => self.b.ldc_i8(0),
                Ty::R8 => self.b.ldc_r8(0.0),
                t if t.is_ref() => self.b.op(Op::Ldnull),
                Ty::ValueType(_) => return Err("default of a value type".into()),
                _ => self.b.ldc_i4(0),
            },
            Expr::Blob(name) => {
                let blob = self.world.blobs[name].clone();
                self.b.ldc_i4(blob.len as i32);
                self.b.newarr(&blob.elem);
                self.b.op(Op::Dup);
                self.b.ldtoken_field(blob.field);
                let init = self.world.init_array.ok_or("no blob support")?;
                let sig = MethodSig::stat(vec![Ty::Object, Ty::Object], Ty::Void);
                self.b.call(init, &sig);
            }
            Expr::Cond(c, a, b) => {
                let (l_else, l_end) = (self.b.label(), self.b.label());
                self.emit_as(c, &Ty::Bool)?;
                self.b.br(Br::False, l_else);
                self.emit_as(a, &ty)?;
                self.b.br(Br::Always, l_end);
                self.b.mark(l_else);
                self.emit_as(b, &ty)?;
                self.b.mark(l_end);
            }
        }
        Ok(ty)
    }

    pub(super) fn ldelem(&mut self, elem: &Ty) {
        match elem {
            Ty::I4 => self.b.op(Op::LdelemI4),
            Ty::I8 | Ty::U8 => self.b.op(Op::LdelemI8),
            Ty::R8 => self.b.op(Op::LdelemR8),
            Ty::Char | Ty::U2 => self.b.op(Op::LdelemU2),
            Ty::U1 | Ty::Bool => self.b.op(Op::LdelemU1),
            t if t.is_ref() => self.b.ldelem(t),
            t => self.b.ldelem(t),
        }
    }

    pub(super) fn stelem(&mut self, elem: &Ty) {
        match elem {
            Ty::I4 => self.b.op(Op::StelemI4),
            Ty::I8 | Ty::U8 => self.b.op(Op::StelemI8),
            Ty::R8 => self.b.op(Op::StelemR8),
            Ty::Char | Ty::U2 => self.b.op(Op::StelemI2),
            Ty::U1 | Ty::Bool => self.b.op(Op::StelemI1),
            t => self.b.stelem(t),
        }
    }

    pub(super) fn cast(&mut self, from: &Ty, to: &Ty) -> R<()> {
        if from == to {
            return Ok(());
        }
        if is_numeric(from) && is_numeric(to) {
            match to {
                Ty::I4 => self.b.op(Op::ConvI4),
                Ty::I8 => match from {
                    Ty::U8 => {}
                    Ty::Char | Ty::U1 | Ty::U2 => self.b.op(Op::ConvU8),
                    _ => self.b.op(Op::ConvI8),
                },
                Ty::U8 => match from {
                    Ty::I8 => {}
                    Ty::R8 => self.b.op(Op::ConvU8),
                    Ty::I4 => self.b.op(Op::ConvI8),
                    _ => self.b.op(Op::ConvU8),
                },
                Ty::R8 => {
                    if *from == Ty::U8 {
                        self.b.op(Op::ConvRUn);
                    }
                    self.b.op(Op::ConvR8)
                }
                Ty::Char | Ty::U2 => self.b.op(Op::ConvU2),
                Ty::U1 => self.b.op(Op::ConvU1),
                _ => return Err(format!("cannot cast {from:?} to {to:?}")),
            }
            return Ok(());
        }
        if *from == Ty::Bool && is_int_like(to) {
            return Ok(());
        }
        if *from == Ty::I4 && matches!(to, Ty::ValueType(_)) {
            return Ok(()); // an enum from its underlying value
        }
        if from.is_ref() && to.is_ref() {
            if !self.world.is_subtype(from, to) && *from != null_ty() {
                self.b.castclass(to);
            }
            return Ok(());
        }
        Err(format!("cannot cast {from:?} to {to:?}"))
    }

    pub(super) fn binary(&mut self, op: &str, a: &Expr, b: &Expr, ty: &Ty) -> R<()> {
        let (ta, tb) = (self.infer(a)?, self.infer(b)?);
        match op {
            "&&" | "||" => {
                let (l_short, l_end) = (self.b.label(), self.b.label());
                self.emit_as(a, &Ty::Bool)?;
                self.b
                    .br(if op == "&&" { Br::False } else { Br::True }, l_short);
                self.emit_as(b, &Ty::Bool)?;
                self.b.br(Br::Always, l_end);
                self.b.mark(l_short);
                self.b.ldc_i4((op == "||") as i32);
                self.b.mark(l_end);
            }
            "==" | "!=" | "<" | "<=" | ">" | ">=" => {
                let t = if is_numeric(&ta) && is_numeric(&tb) {
                    promote(&ta, &tb)
                } else if ta == null_ty() {
                    tb.clone()
                } else {
                    ta.clone()
                };
                if !(is_numeric(&t) || (matches!(op, "==" | "!=") && (t == Ty::Bool || t.is_ref())))
                {
                    return Err(format!("cannot compare {ta:?} with {tb:?}"));
                }
                if t.is_ref() {
                    self.expr(a)?;
                    self.expr(b)?;
                } else {
                    self.emit_as(a, &t)?;
                    self.emit_as(b, &t)?;
                }
                let un = t == Ty::U8;
                let fl = t == Ty::R8;
                let negate = |s: &mut Self| {
                    s.b.ldc_i4(0);
                    s.b.op(Op::Ceq);
                };
                match op {
                    "==" => self.b.op(Op::Ceq),
                    "!=" => {
                        self.b.op(Op::Ceq);
                        negate(self)
                    }
                    "<" => self.b.op(if un { Op::CltUn } else { Op::Clt }),
                    ">" => self.b.op(if un { Op::CgtUn } else { Op::Cgt }),
                    "<=" => {
                        self.b.op(if un || fl { Op::CgtUn } else { Op::Cgt });
                        negate(self)
                    }
                    _ => {
                        self.b.op(if un || fl { Op::CltUn } else { Op::Clt });
                        negate(self)
                    }
                }
            }
            "<<" | ">>" | ">>>" => {
                self.emit_as(a, ty)?;
                self.emit_as(b, &Ty::I4)?;
                self.b.op(match op {
                    "<<" => Op::Shl,
                    ">>" if *ty != Ty::U8 => Op::Shr,
                    _ => Op::ShrUn,
                });
            }
            _ => {
                if !is_numeric(ty) && *ty != Ty::Bool {
                    return Err(format!("operator {op} on {ta:?} and {tb:?}"));
                }
                self.emit_as(a, ty)?;
                self.emit_as(b, ty)?;
                let un = *ty == Ty::U8;
                self.b.op(match op {
                    "+" => Op::Add,
                    "-" => Op::Sub,
                    "*" => Op::Mul,
                    "/" if un => Op::DivUn,
                    "/" => Op::Div,
                    "%" if un => Op::RemUn,
                    "%" => Op::Rem,
                    "&" => Op::And,
                    "|" => Op::Or,
                    "^" => Op::Xor,
                    _ => return Err(format!("unknown operator {op}")),
                });
            }
        }
        Ok(())
    }
}
