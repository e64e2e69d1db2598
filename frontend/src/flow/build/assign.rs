//! Assignments: `a = b = e`, targets that are names, attributes, items,
//! slices or (nested) tuples and lists of them, augmented assignment
//! (`x.a += 1` and `x[i] += 1` evaluate `x` and `i` once), and `del`.
//!
//! Unpacking `a, b = e` checks the length once (`UnpackCheck`), takes every
//! item (`Unpack`), then assigns the targets left to right. When the value
//! is a tuple display of the same length (`a, b = b, a`) its items are
//! evaluated and assigned directly: Python's result is the same (all items
//! are evaluated before any target is assigned) and no tuple is built.

use super::super::graph::{OpKind, Var};
use super::expr::bin_op;
use super::function::{FnBuilder, NameRef};
use super::unsupported::Construct;
use ruff_python_ast::{Expr, StmtAssign, StmtAugAssign, StmtDelete};
use ruff_text_size::Ranged;

/// The items of a tuple or list target, if `e` is one without `*x`.
fn unpack_targets(e: &Expr) -> Option<&[Expr]> {
    let elts = match e {
        Expr::Tuple(t) => &t.elts,
        Expr::List(l) => &l.elts,
        _ => return None,
    };
    if elts.iter().any(|x| matches!(x, Expr::Starred(_))) {
        return None;
    }
    Some(elts)
}

impl<'a> FnBuilder<'a> {
    /// `t1 = t2 = ... = value`.
    pub(super) fn assign_stmt(&mut self, a: &'a StmtAssign) {
        if let ([target], Expr::Tuple(values)) = (&a.targets[..], &*a.value) {
            if let Some(targets) = unpack_targets(target) {
                let plain = !values.elts.iter().any(|e| matches!(e, Expr::Starred(_)));
                if plain && targets.len() == values.elts.len() {
                    let items: Vec<Var> = values.elts.iter().map(|e| self.expr(e)).collect();
                    for (t, v) in targets.iter().zip(items) {
                        self.assign_target(t, v);
                    }
                    return;
                }
            }
        }
        let v = self.expr(&a.value);
        for t in &a.targets {
            self.assign_target(t, v);
        }
    }

    /// Assigns `value` to `target`.
    pub(super) fn assign_target(&mut self, target: &'a Expr, value: Var) {
        let span = self.span(target.range());
        match target {
            Expr::Name(n) => self.store_name(n.id.as_str(), value, span),
            Expr::Attribute(a) => {
                let obj = self.expr(&a.value);
                self.emit_void(
                    OpKind::StoreAttr(a.attr.id.to_string()),
                    vec![obj, value],
                    span,
                );
            }
            Expr::Subscript(s) => {
                let obj = self.expr(&s.value);
                match &*s.slice {
                    Expr::Slice(sl) => {
                        let (shape, parts) = self.slice_parts(sl);
                        let mut args = vec![obj];
                        args.extend(parts);
                        args.push(value);
                        self.emit_void(OpKind::SetSlice(shape), args, span);
                    }
                    index => {
                        let index = self.index(index);
                        self.emit_void(OpKind::SetItem, vec![obj, index, value], span);
                    }
                }
            }
            Expr::Tuple(_) | Expr::List(_) => match unpack_targets(target) {
                Some(targets) => self.unpack(targets, value, span),
                None => self.unsupported(Construct::StarredTarget, target.range()),
            },
            Expr::Starred(s) => self.unsupported(Construct::StarredTarget, s.range),
            _ => self.unsupported(Construct::AssignmentTarget, target.range()),
        }
    }

    /// Unpacks `value` into `targets`.
    fn unpack(&mut self, targets: &'a [Expr], value: Var, span: crate::source::Span) {
        let count = targets.len();
        self.emit_void(OpKind::UnpackCheck(count), vec![value], span);
        let items: Vec<Var> = (0..count)
            .map(|index| {
                let s = self.span(targets[index].range());
                self.emit(OpKind::Unpack { index, count }, vec![value], s)
            })
            .collect();
        for (t, v) in targets.iter().zip(items) {
            self.assign_target(t, v);
        }
    }

    /// Assigns the items of a `for` loop (one value, or several from
    /// `enumerate`/`zip`) to its target.
    pub(super) fn assign_items(
        &mut self,
        target: &'a Expr,
        items: Vec<Var>,
        span: crate::source::Span,
    ) {
        if items.len() == 1 {
            self.assign_target(target, items[0]);
            return;
        }
        if let Some(targets) = unpack_targets(target) {
            if targets.len() == items.len() {
                for (t, v) in targets.iter().zip(items) {
                    self.assign_target(t, v);
                }
                return;
            }
        }
        let tuple = self.emit(OpKind::BuildTuple, items, span);
        self.assign_target(target, tuple);
    }

    /// `target op= value`.
    pub(super) fn aug_assign_stmt(&mut self, a: &'a StmtAugAssign) {
        let span = self.span(a.range);
        let Some(op) = bin_op(a.op) else {
            self.unsupported(Construct::MatrixMultiply, a.range);
            return;
        };
        let target_span = self.span(a.target.range());
        match &*a.target {
            Expr::Name(n) => {
                let name = n.id.as_str();
                let current = self.load_name(name, target_span);
                let rhs = self.expr(&a.value);
                let new = self.emit(OpKind::InplaceOp(op), vec![current, rhs], span);
                self.store_name(name, new, target_span);
            }
            Expr::Attribute(t) => {
                let obj = self.expr(&t.value);
                let attr = t.attr.id.to_string();
                let current = self.emit(OpKind::LoadAttr(attr.clone()), vec![obj], target_span);
                let rhs = self.expr(&a.value);
                let new = self.emit(OpKind::InplaceOp(op), vec![current, rhs], span);
                self.emit_void(OpKind::StoreAttr(attr), vec![obj, new], target_span);
            }
            Expr::Subscript(t) => {
                let obj = self.expr(&t.value);
                match &*t.slice {
                    Expr::Slice(sl) => {
                        let (shape, parts) = self.slice_parts(sl);
                        let mut args = vec![obj];
                        args.extend(parts.iter().copied());
                        let current = self.emit(OpKind::GetSlice(shape), args.clone(), target_span);
                        let rhs = self.expr(&a.value);
                        let new = self.emit(OpKind::InplaceOp(op), vec![current, rhs], span);
                        args.push(new);
                        self.emit_void(OpKind::SetSlice(shape), args, target_span);
                    }
                    index => {
                        let index = self.index(index);
                        let current = self.emit(OpKind::GetItem, vec![obj, index], target_span);
                        let rhs = self.expr(&a.value);
                        let new = self.emit(OpKind::InplaceOp(op), vec![current, rhs], span);
                        self.emit_void(OpKind::SetItem, vec![obj, index, new], target_span);
                    }
                }
            }
            _ => self.unsupported(Construct::AssignmentTarget, a.target.range()),
        }
    }

    /// `del t1, t2, ...`.
    pub(super) fn del_stmt(&mut self, d: &'a StmtDelete) {
        let mut stack: Vec<&'a Expr> = d.targets.iter().rev().collect();
        while let Some(target) = stack.pop() {
            let span = self.span(target.range());
            match target {
                Expr::Name(n) => match self.resolve_name(n.id.as_str()) {
                    NameRef::Local(local) => {
                        // Deleting an unassigned local fails like reading it.
                        self.read(local, span);
                        self.write_undefined(local);
                    }
                    NameRef::Global | NameRef::ClassAttr(_) => {
                        self.unsupported(Construct::DelGlobal, n.range)
                    }
                },
                Expr::Subscript(s) => {
                    let obj = self.expr(&s.value);
                    match &*s.slice {
                        Expr::Slice(sl) => {
                            let (shape, parts) = self.slice_parts(sl);
                            let mut args = vec![obj];
                            args.extend(parts);
                            self.emit_void(OpKind::DelSlice(shape), args, span);
                        }
                        index => {
                            let index = self.index(index);
                            self.emit_void(OpKind::DelItem, vec![obj, index], span);
                        }
                    }
                }
                Expr::Attribute(a) => self.unsupported(Construct::DelAttribute, a.range),
                Expr::Tuple(t) => stack.extend(t.elts.iter().rev()),
                Expr::List(l) => stack.extend(l.elts.iter().rev()),
                _ => self.unsupported(Construct::AssignmentTarget, target.range()),
            }
        }
    }
}
