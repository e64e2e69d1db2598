//! Expressions in value position: literals, names, attributes, subscripts
//! and slices, calls and method calls, operators, `and`/`or` and
//! conditional expressions (with control flow), comparisons (chains
//! short-circuit), and displays. Comprehensions and f-strings have their
//! own modules; conditions in branch position are in `conditions`.

use super::super::graph::{
    BinOp, CmpOp, Constant, OpKind, SliceShape, UnaryOp as FlowUnaryOp, Var,
};
use super::function::FnBuilder;
use super::signature::{constant_of, NotConstant};
use super::unsupported::Construct;
use ruff_python_ast::{
    self as ast, Arguments, BoolOp, Expr, ExprBoolOp, ExprCall, ExprCompare, ExprIf, ExprSlice,
    Number, Operator,
};
use ruff_text_size::{Ranged, TextRange};

/// The flow-graph operator for a Python binary operator (`@` has none).
pub(super) fn bin_op(op: Operator) -> Option<BinOp> {
    Some(match op {
        Operator::Add => BinOp::Add,
        Operator::Sub => BinOp::Sub,
        Operator::Mult => BinOp::Mul,
        Operator::Div => BinOp::Div,
        Operator::FloorDiv => BinOp::FloorDiv,
        Operator::Mod => BinOp::Mod,
        Operator::Pow => BinOp::Pow,
        Operator::LShift => BinOp::LShift,
        Operator::RShift => BinOp::RShift,
        Operator::BitAnd => BinOp::BitAnd,
        Operator::BitOr => BinOp::BitOr,
        Operator::BitXor => BinOp::BitXor,
        Operator::MatMult => return None,
    })
}

/// The flow-graph comparison for a Python one.
pub(super) fn cmp_op(op: ast::CmpOp) -> CmpOp {
    match op {
        ast::CmpOp::Eq => CmpOp::Eq,
        ast::CmpOp::NotEq => CmpOp::Ne,
        ast::CmpOp::Lt => CmpOp::Lt,
        ast::CmpOp::LtE => CmpOp::Le,
        ast::CmpOp::Gt => CmpOp::Gt,
        ast::CmpOp::GtE => CmpOp::Ge,
        ast::CmpOp::Is => CmpOp::Is,
        ast::CmpOp::IsNot => CmpOp::IsNot,
        ast::CmpOp::In => CmpOp::In,
        ast::CmpOp::NotIn => CmpOp::NotIn,
    }
}

/// Whether `e` evaluates to the result of a `Compare` or `Not` op (a bool
/// usable as a branch condition as it is).
pub(super) fn is_plain_bool(e: &Expr) -> bool {
    match e {
        Expr::Compare(c) => c.ops.len() == 1 && c.comparators.len() == 1,
        Expr::UnaryOp(u) => u.op == ast::UnaryOp::Not,
        _ => false,
    }
}

impl<'a> FnBuilder<'a> {
    /// Evaluates `e`.
    pub(super) fn expr(&mut self, e: &'a Expr) -> Var {
        if !self.enter_expr(e.range()) {
            return self.placeholder(self.span(e.range()));
        }
        let v = self.expr_inner(e);
        self.leave_expr();
        v
    }

    /// Reports `construct` at `e` and returns a placeholder.
    pub(super) fn reject(&mut self, construct: Construct, range: TextRange) -> Var {
        self.unsupported(construct, range);
        self.placeholder(self.span(range))
    }

    fn expr_inner(&mut self, e: &'a Expr) -> Var {
        let range = e.range();
        let span = self.span(range);
        match e {
            Expr::BoolOp(b) => self.bool_op_value(b),
            Expr::Named(_) => self.reject(Construct::Walrus, range),
            Expr::BinOp(b) => {
                let l = self.expr(&b.left);
                let r = self.expr(&b.right);
                match bin_op(b.op) {
                    Some(op) => self.emit(OpKind::BinOp(op), vec![l, r], span),
                    None => self.reject(Construct::MatrixMultiply, range),
                }
            }
            Expr::UnaryOp(u) => match u.op {
                ast::UnaryOp::Not => {
                    let v = self.expr(&u.operand);
                    self.emit(OpKind::Not, vec![v], span)
                }
                ast::UnaryOp::USub if matches!(&*u.operand, Expr::NumberLiteral(_)) => {
                    self.literal(e)
                }
                ast::UnaryOp::USub => self.unary(FlowUnaryOp::Neg, &u.operand, span),
                ast::UnaryOp::UAdd => self.unary(FlowUnaryOp::Pos, &u.operand, span),
                ast::UnaryOp::Invert => self.unary(FlowUnaryOp::Invert, &u.operand, span),
            },
            Expr::Lambda(_) => self.reject(Construct::Lambda, range),
            Expr::If(i) => self.conditional_value(i),
            Expr::Dict(d) => {
                let mut args = Vec::with_capacity(d.items.len() * 2);
                for item in &d.items {
                    match &item.key {
                        Some(k) => {
                            args.push(self.expr(k));
                            args.push(self.expr(&item.value));
                        }
                        None => self.unsupported(Construct::DictUnpacking, item.value.range()),
                    }
                }
                self.emit(OpKind::BuildDict, args, span)
            }
            Expr::Set(_) => self.reject(Construct::SetDisplay, range),
            Expr::ListComp(lc) => self.list_comprehension(lc),
            Expr::SetComp(_) => self.reject(Construct::SetComprehension, range),
            Expr::DictComp(_) => self.reject(Construct::DictComprehension, range),
            Expr::Generator(_) => self.reject(Construct::GeneratorExpression, range),
            Expr::Await(_) => self.reject(Construct::Await, range),
            Expr::Yield(_) => self.reject(Construct::Yield, range),
            Expr::YieldFrom(_) => self.reject(Construct::YieldFrom, range),
            Expr::Compare(c) => self.compare_value(c),
            Expr::Call(c) => self.call(c),
            Expr::FString(f) => self.fstring(f),
            Expr::TString(_) => self.reject(Construct::TemplateString, range),
            Expr::StringLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_) => self.literal(e),
            Expr::BytesLiteral(_) => self.reject(Construct::Bytes, range),
            Expr::EllipsisLiteral(_) => self.reject(Construct::EllipsisValue, range),
            Expr::Attribute(a) => {
                let obj = self.expr(&a.value);
                self.emit(OpKind::LoadAttr(a.attr.id.to_string()), vec![obj], span)
            }
            Expr::Subscript(s) => {
                let obj = self.expr(&s.value);
                match &*s.slice {
                    Expr::Slice(sl) => {
                        let (shape, mut parts) = self.slice_parts(sl);
                        parts.insert(0, obj);
                        self.emit(OpKind::GetSlice(shape), parts, span)
                    }
                    index => {
                        let index = self.index(index);
                        self.emit(OpKind::GetItem, vec![obj, index], span)
                    }
                }
            }
            Expr::Starred(_) => self.reject(Construct::StarredExpression, range),
            Expr::Name(n) => self.load_name(n.id.as_str(), span),
            Expr::List(l) => {
                let items = self.elements(&l.elts);
                self.emit(OpKind::BuildList, items, span)
            }
            Expr::Tuple(t) => {
                let items = self.elements(&t.elts);
                self.emit(OpKind::BuildTuple, items, span)
            }
            Expr::Slice(_) => self.reject(Construct::MultiDimensionalSlice, range),
            Expr::IpyEscapeCommand(_) => self.reject(Construct::IpythonEscape, range),
        }
    }

    /// A literal (a negative number is folded into one constant).
    fn literal(&mut self, e: &'a Expr) -> Var {
        let range = e.range();
        match constant_of(e) {
            Ok(c) => self.constant(c, self.span(range)),
            Err(NotConstant::IntTooLarge) => self.reject(Construct::IntTooLarge, range),
            Err(NotConstant::Complex) => self.reject(Construct::Complex, range),
            Err(NotConstant::Other) => {
                // Not reached: only literals come here.
                self.placeholder(self.span(range))
            }
        }
    }

    fn unary(&mut self, op: FlowUnaryOp, operand: &'a Expr, span: crate::source::Span) -> Var {
        let v = self.expr(operand);
        self.emit(OpKind::UnaryOp(op), vec![v], span)
    }

    /// Items of a list or tuple display.
    fn elements(&mut self, elts: &'a [Expr]) -> Vec<Var> {
        let mut items = Vec::with_capacity(elts.len());
        for elt in elts {
            if let Expr::Starred(s) = elt {
                self.unsupported(Construct::StarredExpression, s.range);
                continue;
            }
            items.push(self.expr(elt));
        }
        items
    }

    /// A subscript index (`x[i]`, `x[i, j]`).
    pub(super) fn index(&mut self, index: &'a Expr) -> Var {
        if let Expr::Tuple(t) = index {
            if let Some(s) = t.elts.iter().find(|e| matches!(e, Expr::Slice(_))) {
                return self.reject(Construct::MultiDimensionalSlice, s.range());
            }
        }
        self.expr(index)
    }

    /// The present parts of a slice, evaluated in order.
    pub(super) fn slice_parts(&mut self, sl: &'a ExprSlice) -> (SliceShape, Vec<Var>) {
        let mut parts = Vec::new();
        for part in [&sl.lower, &sl.upper, &sl.step].into_iter().flatten() {
            parts.push(self.expr(part));
        }
        let shape = SliceShape {
            lo: sl.lower.is_some(),
            hi: sl.upper.is_some(),
            step: sl.step.is_some(),
        };
        (shape, parts)
    }

    /// Positional and keyword arguments, evaluated in order.
    pub(super) fn arguments(&mut self, args: &'a Arguments) -> (Vec<Var>, Vec<String>) {
        let mut values = Vec::with_capacity(args.args.len() + args.keywords.len());
        for a in args.args.iter() {
            if let Expr::Starred(s) = a {
                self.unsupported(Construct::CallStarArgs, s.range);
                continue;
            }
            values.push(self.expr(a));
        }
        let mut kwnames = Vec::new();
        for k in args.keywords.iter() {
            match &k.arg {
                Some(name) => {
                    values.push(self.expr(&k.value));
                    kwnames.push(name.id.to_string());
                }
                None => self.unsupported(Construct::CallKwArgs, k.range),
            }
        }
        (values, kwnames)
    }

    /// A call; `x.m(...)` is a method call.
    fn call(&mut self, c: &'a ExprCall) -> Var {
        let span = self.span(c.range());
        match &*c.func {
            Expr::Attribute(a) => {
                let receiver = self.expr(&a.value);
                let (mut args, kwnames) = self.arguments(&c.arguments);
                args.insert(0, receiver);
                let name = a.attr.id.to_string();
                self.emit(OpKind::CallMethod { name, kwnames }, args, span)
            }
            func => {
                if let Some(v) = self.reflective_call(func, c) {
                    return v;
                }
                let callee = self.expr(func);
                if let Some(v) = self.unsigned_literal_argument(func, c) {
                    return self.emit(OpKind::Call { kwnames: vec![] }, vec![callee, v], span);
                }
                let (mut args, kwnames) = self.arguments(&c.arguments);
                args.insert(0, callee);
                self.emit(OpKind::Call { kwnames }, args, span)
            }
        }
    }

    /// `getattr(x, "name")` is `x.name` and `setattr(x, "name", v)` is
    /// `x.name = v` (as in RPython); other uses of `getattr`, `setattr`,
    /// `hasattr`, `delattr`, `eval` and `exec` (when the program does not
    /// define its own) are reported.
    fn reflective_call(&mut self, func: &'a Expr, c: &'a ExprCall) -> Option<Var> {
        let Expr::Name(n) = func else { return None };
        let name = n.id.as_str();
        if !matches!(
            name,
            "getattr" | "setattr" | "hasattr" | "delattr" | "eval" | "exec"
        ) || !self.is_builtin(name)
        {
            return None;
        }
        let span = self.span(c.range());
        if matches!(name, "eval" | "exec") {
            return Some(self.reject(Construct::Eval, c.range()));
        }
        let args = &c.arguments.args;
        if !c.arguments.keywords.is_empty() || args.len() < 2 {
            return Some(self.reject(Construct::DynamicAttribute, c.range()));
        }
        let Expr::StringLiteral(attr) = &args[1] else {
            return Some(self.reject(Construct::DynamicAttribute, args[1].range()));
        };
        let attr = attr.value.to_str().to_string();
        match (name, args.len()) {
            ("getattr", 2) => {
                let obj = self.expr(&args[0]);
                Some(self.emit(OpKind::LoadAttr(attr), vec![obj], span))
            }
            ("getattr", 3) => Some(self.reject(Construct::GetattrDefault, args[2].range())),
            ("setattr", 3) => {
                let obj = self.expr(&args[0]);
                let value = self.expr(&args[2]);
                self.emit_void(OpKind::StoreAttr(attr), vec![obj, value], span);
                Some(self.constant(Constant::None, span))
            }
            _ => Some(self.reject(Construct::DynamicAttribute, c.range())),
        }
    }

    /// `r_uint(N)` with a literal `N` in `2**63 .. 2**64 - 1` (as RPython
    /// folds it): the literal's 64 bits as an int constant, which `r_uint`
    /// turns back into the same unsigned value.
    fn unsigned_literal_argument(&mut self, func: &'a Expr, c: &'a ExprCall) -> Option<Var> {
        let Expr::Name(n) = func else { return None };
        if n.id.as_str() != "r_uint"
            || c.arguments.args.len() != 1
            || !c.arguments.keywords.is_empty()
        {
            return None;
        }
        let Expr::NumberLiteral(lit) = &c.arguments.args[0] else {
            return None;
        };
        let Number::Int(i) = &lit.value else {
            return None;
        };
        let v = i.as_u64()?;
        if v <= i64::MAX as u64 {
            return None;
        }
        Some(self.constant(Constant::Int(v as i64), self.span(lit.range)))
    }

    /// A comparison; a chain `a < b < c` evaluates `b` once and stops at
    /// the first false link, whose result is the value.
    fn compare_value(&mut self, c: &'a ExprCompare) -> Var {
        let span = self.span(c.range);
        let mut left = self.expr(&c.left);
        if let ([op], [comparator]) = (&c.ops[..], &c.comparators[..]) {
            let right = self.expr(comparator);
            return self.emit(OpKind::Compare(cmp_op(*op)), vec![left, right], span);
        }
        let result = self.hidden_local();
        let join = self.new_block();
        let mut left_start = c.left.range().start();
        let n = c.ops.len();
        for (i, (op, comp)) in c.ops.iter().zip(c.comparators.iter()).enumerate() {
            let right = self.expr(comp);
            let link = self.span(TextRange::new(left_start, comp.range().end()));
            let t = self.emit(OpKind::Compare(cmp_op(*op)), vec![left, right], link);
            self.write(result, t);
            if i + 1 == n {
                self.jump(join);
            } else {
                let next = self.new_block();
                self.branch(t, next, join);
                self.seal(next);
                self.switch_to(next);
            }
            left = right;
            left_start = comp.range().start();
        }
        self.seal(join);
        self.switch_to(join);
        self.read(result, span)
    }

    /// `a and b` / `a or b`: the value of the operand that decides.
    fn bool_op_value(&mut self, b: &'a ExprBoolOp) -> Var {
        let span = self.span(b.range);
        let result = self.hidden_local();
        let join = self.new_block();
        let n = b.values.len();
        for (i, v) in b.values.iter().enumerate() {
            if i + 1 == n {
                let x = self.expr(v);
                self.write(result, x);
                self.jump(join);
                break;
            }
            let none_test = match b.op {
                // `x is not None and f(x)` / `x is None or f(x)`: `f` sees `x` without None.
                BoolOp::And | BoolOp::Or => self.none_test_value(v),
            };
            let (x, cond, narrowing) = match (b.op, none_test, self.narrowable_isinstance(v)) {
                (op, Some((cond, is_none, n)), _) => {
                    let narrows_next =
                        matches!((op, is_none), (BoolOp::And, false) | (BoolOp::Or, true));
                    (cond, cond, if narrows_next { Some(n) } else { None })
                }
                (BoolOp::And, None, Some(test)) => {
                    let (cond, narrowing) = self.isinstance_test(test);
                    (cond, cond, Some(narrowing))
                }
                _ => {
                    let x = self.expr(v);
                    let cond = if is_plain_bool(v) {
                        x
                    } else {
                        self.emit(OpKind::Truth, vec![x], self.span(v.range()))
                    };
                    (x, cond, None)
                }
            };
            self.write(result, x);
            let next = self.new_block();
            match b.op {
                BoolOp::And => self.branch(cond, next, join),
                BoolOp::Or => self.branch(cond, join, next),
            }
            self.seal(next);
            self.switch_to(next);
            if let Some(n) = narrowing {
                self.apply_narrowings(vec![n]);
            }
        }
        self.seal(join);
        self.switch_to(join);
        self.read(result, span)
    }

    /// `a if cond else b`.
    fn conditional_value(&mut self, i: &'a ExprIf) -> Var {
        let span = self.span(i.range);
        let result = self.hidden_local();
        let (t, f, join) = (self.new_block(), self.new_block(), self.new_block());
        let outcome = self.cond_jump(&i.test, t, f);
        self.seal(t);
        self.seal(f);
        self.switch_to(t);
        self.apply_narrowings(outcome.on_true);
        let v = self.expr(&i.body);
        self.write(result, v);
        self.jump(join);
        self.switch_to(f);
        self.apply_narrowings(outcome.on_false);
        let v = self.expr(&i.orelse);
        self.write(result, v);
        self.jump(join);
        self.seal(join);
        self.switch_to(join);
        self.read(result, span)
    }
}

/// An int literal's value, if `e` is one that fits in 64 bits (negative
/// literals included).
pub(super) fn int_literal(e: &Expr) -> Option<i64> {
    match constant_of(e) {
        Ok(Constant::Int(v)) => Some(v),
        _ => None,
    }
}

/// Whether `e` is `True` (or a non-zero int literal): a loop condition that never fails.
pub(super) fn is_always_true(e: &Expr) -> bool {
    match e {
        Expr::BooleanLiteral(b) => b.value,
        Expr::NumberLiteral(n) => {
            matches!(&n.value, Number::Int(i) if i.as_u64().is_some_and(|v| v != 0))
        }
        _ => false,
    }
}
