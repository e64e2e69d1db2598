//! Statements of the runtime language: locals, assignment, `if`, loops,
//! `return`, `throw` and `try`/`catch` as IL.

use super::compile::{is_int_like, null_ty, Fn, Place, R};
use super::syntax::{Expr, Stmt, StmtKind, TypeExpr};
use crate::il::{Br, ClauseKind, Op};
use crate::meta::model::Ty;
use std::collections::HashMap;

impl Fn<'_> {
    pub(super) fn stmts(&mut self, ss: &[Stmt]) -> R<()> {
        self.scopes.push(HashMap::new());
        for s in ss {
            self.stmt(s).map_err(|e| {
                if e.starts_with("line ") {
                    e
                } else {
                    format!("line {}: {e}", s.line)
                }
            })?;
        }
        self.scopes.pop();
        Ok(())
    }

    pub(super) fn assign(&mut self, lhs: &Expr, rhs: &Expr) -> R<()> {
        match lhs {
            Expr::Name(n) => match self.lookup(n) {
                Some(Place::Local(l, t)) => {
                    self.emit_as(rhs, &t)?;
                    self.b.stloc(l);
                }
                Some(Place::Arg(i, t)) => {
                    self.emit_as(rhs, &t)?;
                    self.b.starg(i);
                }
                Some(Place::Static(f)) => {
                    self.emit_as(rhs, &f.ty)?;
                    self.b.stsfld(f.fref);
                }
                None => return Err(format!("unknown name `{n}`")),
            },
            Expr::Member(obj, f) => {
                if let Some(c) = self.is_class_name(obj) {
                    let fi = c
                        .fields
                        .get(f)
                        .cloned()
                        .ok_or_else(|| format!("unknown static field `{f}`"))?;
                    self.emit_as(rhs, &fi.ty)?;
                    self.b.stsfld(fi.fref);
                    return Ok(());
                }
                let t = self.expr(obj)?;
                let fi = self.find_field(&t, f)?;
                self.emit_as(rhs, &fi.ty)?;
                self.b.stfld(fi.fref);
            }
            Expr::Index(a, i) => {
                let Ty::Array(elem) = self.expr(a)? else {
                    return Err("only arrays can be assigned by index".into());
                };
                self.emit_as(i, &Ty::I4)?;
                self.emit_as(rhs, &elem)?;
                self.stelem(&elem);
            }
            _ => return Err("cannot assign to this expression".into()),
        }
        Ok(())
    }

    pub(super) fn stmt(&mut self, s: &Stmt) -> R<()> {
        match &s.kind {
            StmtKind::Local(t, name, init) => {
                let ty = match (t, init) {
                    (Some(t), _) => self.world.resolve(t)?,
                    (None, Some(e)) => self.infer(e)?,
                    (None, None) => return Err("`var` needs an initializer".into()),
                };
                if ty == null_ty() {
                    return Err("cannot infer a type from null".into());
                }
                let l = self.b.local(ty.clone());
                if let Some(e) = init {
                    self.emit_as(e, &ty)?;
                    self.b.stloc(l);
                }
                self.scopes
                    .last_mut()
                    .unwrap()
                    .insert(name.clone(), (l, ty));
            }
            StmtKind::Assign(lhs, None, rhs) => self.assign(lhs, rhs)?,
            StmtKind::Assign(lhs, Some(op), rhs) => {
                let combined = Expr::Binary(op, Box::new(lhs.clone()), Box::new(rhs.clone()));
                let lt = self.infer(lhs)?;
                let value = if is_int_like(&lt) && self.infer(&combined)? != lt {
                    Expr::Cast(TypeExpr::Name(prim_name(&lt).into()), Box::new(combined))
                } else {
                    combined
                };
                self.assign(lhs, &value)?;
            }
            StmtKind::Expr(e) => {
                let t = self.expr(e)?;
                if t != Ty::Void {
                    self.b.op(Op::Pop);
                }
            }
            StmtKind::If(c, then, els) => {
                let (l_else, l_end) = (self.b.label(), self.b.label());
                self.emit_as(c, &Ty::Bool)?;
                self.b.br(Br::False, l_else);
                self.stmts(then)?;
                if !els.is_empty() {
                    self.b.br(Br::Always, l_end);
                }
                self.b.mark(l_else);
                self.stmts(els)?;
                self.b.mark(l_end);
            }
            StmtKind::While(c, body) => self.looping(&[], Some(c), &[], body)?,
            StmtKind::For(init, c, step, body) => self.looping(init, c.as_ref(), step, body)?,
            StmtKind::Break | StmtKind::Continue => {
                let &(brk, cont, depth) =
                    self.loops.last().ok_or("break/continue outside a loop")?;
                if depth != self.try_depth {
                    return Err("break/continue out of a try block".into());
                }
                self.b.br(
                    Br::Always,
                    if matches!(s.kind, StmtKind::Break) {
                        brk
                    } else {
                        cont
                    },
                );
            }
            StmtKind::Return(e) => {
                if self.try_depth > 0 {
                    return Err("return inside a try block".into());
                }
                match e {
                    Some(e) => {
                        let rt = self.ret.clone();
                        self.emit_as(e, &rt)?;
                        self.b.ret(true);
                    }
                    None => self.b.ret(false),
                }
            }
            StmtKind::Throw(e) => {
                self.expr(e)?;
                self.b.op(Op::Throw);
            }
            StmtKind::Block(ss) => self.stmts(ss)?,
            StmtKind::Try(body, catches) => {
                let end = self.b.label();
                let try_start = self.b.offset();
                self.try_depth += 1;
                self.stmts(body)?;
                if self.b.reachable() {
                    self.b.leave(end);
                }
                let try_end = self.b.offset();
                for (t, name, handler) in catches {
                    let ty = self.world.resolve(t)?;
                    let start = self.b.offset();
                    self.b.set_depth(1);
                    let l = self.b.local(ty.clone());
                    self.b.stloc(l);
                    self.scopes
                        .push(HashMap::from([(name.clone(), (l, ty.clone()))]));
                    self.stmts(handler)?;
                    self.scopes.pop();
                    if self.b.reachable() {
                        self.b.leave(end);
                    }
                    self.b.clause(
                        ClauseKind::Catch(ty),
                        try_start,
                        try_end,
                        start,
                        self.b.offset(),
                    );
                }
                self.try_depth -= 1;
                self.b.mark(end);
            }
        }
        Ok(())
    }

    pub(super) fn looping(
        &mut self,
        init: &[Stmt],
        cond: Option<&Expr>,
        step: &[Stmt],
        body: &[Stmt],
    ) -> R<()> {
        self.scopes.push(HashMap::new());
        for s in init {
            self.stmt(s)?;
        }
        let (top, cont, brk) = (self.b.label(), self.b.label(), self.b.label());
        self.b.mark(top);
        if let Some(c) = cond {
            self.emit_as(c, &Ty::Bool)?;
            self.b.br(Br::False, brk);
        }
        self.loops.push((brk, cont, self.try_depth));
        self.stmts(body)?;
        self.loops.pop();
        self.b.mark(cont);
        for s in step {
            self.stmt(s)?;
        }
        self.b.br(Br::Always, top);
        self.b.mark(brk);
        self.scopes.pop();
        Ok(())
    }
}

fn prim_name(t: &Ty) -> &'static str {
    match t {
        Ty::Char => "char",
        Ty::U1 => "byte",
        Ty::U2 => "ushort",
        _ => "int",
    }
}
