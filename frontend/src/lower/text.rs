//! Conversions to text: `str()`, `repr()`, f-string fields and `%` formatting.

use super::body::FnLower;
use crate::annotate::lattice::Ann;
use crate::flow::{Constant, Op, Var};
use crate::percent::{parse_percent, Piece};
use core_ir::{Imm, Opcode, Type, Value};

impl FnLower<'_, '_, '_> {
    /// `str(v)` for a value of annotation `a` (None for static values).
    pub fn str_value(&mut self, v: Option<Value>, a: &Ann) -> Value {
        self.text_value(v, a, false)
    }

    /// `repr(v)`.
    pub fn repr_value(&mut self, v: Option<Value>, a: &Ann) -> Value {
        self.text_value(v, a, true)
    }

    fn text_value(&mut self, v: Option<Value>, a: &Ann, repr: bool) -> Value {
        let Some(x) = v else {
            let s = match a {
                Ann::NoneOnly | Ann::Bottom => "None".to_string(),
                _ => String::new(),
            };
            return self.b.sconst(&s);
        };
        match a {
            Ann::Int => self.val(Opcode::IntToStr, Imm::None, &[x]),
            Ann::UInt => self.val(Opcode::UintToStr, Imm::None, &[x]),
            Ann::Float => self.val(Opcode::FloatRepr, Imm::None, &[x]),
            Ann::Bool => {
                let t = self.b.sconst("True");
                let f = self.b.sconst("False");
                self.b
                    .op_typed(Opcode::Select, Imm::None, &[x, t, f], Type::STR)
            }
            Ann::Str { nullable } => {
                if repr {
                    self.null_or(x, *nullable, |fl| fl.val(Opcode::StrRepr, Imm::None, &[x]))
                } else if *nullable {
                    let n = self.b.op(Opcode::IsNone, Imm::None, &[x]).expect("r");
                    let none = self.b.sconst("None");
                    self.b
                        .op_typed(Opcode::Select, Imm::None, &[n, none, x], Type::STR)
                } else {
                    x
                }
            }
            Ann::Instance { class, nullable } => {
                let c = *class;
                let ann = self.cx.ann;
                let first = if repr { "__repr__" } else { "__str__" };
                let second = if repr { "__str__" } else { "__repr__" };
                let has_text = ann.classes.has_method_in_family(c, first)
                    || ann.classes.has_method_in_family(c, second)
                    || (ann.classes.is_exception(c) && !repr);
                if !has_text {
                    // No text form: CPython would show an address.
                    let cname = ann.classes.get(c).name.clone();
                    return self.b.sconst(&format!("<{cname} object>"));
                }
                let name = if ann.classes.has_method_in_family(c, first)
                    || (ann.classes.is_exception(c) && !repr)
                {
                    first
                } else {
                    second
                };
                let inst = Ann::Instance {
                    class: c,
                    nullable: false,
                };
                self.null_or(x, *nullable, |fl| {
                    fl.call_method_value(x, &inst, name, &[])
                        .unwrap_or_else(|| fl.b.sconst(""))
                })
            }
            Ann::List { nullable, .. } | Ann::Dict { nullable, .. } => {
                let f = if matches!(a, Ann::List { .. }) {
                    "list_repr"
                } else {
                    "dict_repr"
                };
                let na = a.non_null();
                self.null_or(x, *nullable, |fl| {
                    fl.call_prelude(f, &[(x, na.clone())], &Ann::Str { nullable: false })
                        .unwrap_or_else(|| fl.b.sconst(""))
                })
            }
            Ann::Tuple(items) => {
                let mut parts = vec![self.b.sconst("(")];
                for (k, ia) in items.clone().iter().enumerate() {
                    if k > 0 {
                        parts.push(self.b.sconst(", "));
                    }
                    let it = self.val(Opcode::TupleGet, Imm::Index(k as u32), &[x]);
                    let iv = if self.cx.is_static(ia) {
                        None
                    } else {
                        Some(it)
                    };
                    parts.push(self.repr_value(iv, ia));
                }
                if items.len() == 1 {
                    parts.push(self.b.sconst(","));
                }
                parts.push(self.b.sconst(")"));
                self.concat(&parts)
            }
            _ => self.b.sconst(""),
        }
    }

    /// `f(x)` for a non-None `x`, or "None" when `x` is None (tested only if `nullable`).
    fn null_or(&mut self, x: Value, nullable: bool, f: impl FnOnce(&mut Self) -> Value) -> Value {
        if !nullable {
            return f(self);
        }
        let n = self.b.op(Opcode::IsNone, Imm::None, &[x]).expect("r");
        let some = self.b.create_block();
        let join = self.b.create_block();
        let r = self.b.append_block_param(join, Type::STR);
        let none = self.b.sconst("None");
        self.b.branch(n, join, &[none], some, &[]);
        self.b.switch_to_block(some);
        let s = f(self);
        self.b.jump(join, &[s]);
        self.b.switch_to_block(join);
        r
    }

    /// An f-string field `{x!conv:spec}`.
    pub(super) fn format_value(
        &mut self,
        x: Var,
        conversion: Option<char>,
        spec: Option<&str>,
    ) -> Value {
        let a = self.ann(x);
        let v = self.v(x);
        let s = Ann::Str { nullable: false };
        let spec = spec.unwrap_or("");
        let text = match conversion {
            Some('r') | Some('a') => Some(self.repr_value(v, &a)),
            Some(_) => Some(self.str_value(v, &a)),
            None => None,
        };
        if let Some(t) = text {
            if spec.is_empty() {
                return t;
            }
            let sp = self.b.sconst(spec);
            return self
                .call_prelude("format_str", &[(t, s.clone()), (sp, s.clone())], &s)
                .unwrap_or(t);
        }
        if spec.is_empty() {
            return self.str_value(v, &a);
        }
        let last = spec.chars().last().unwrap_or(' ');
        let sp = self.b.sconst(spec);
        match &a {
            Ann::Bool if !"bcdoxXneEfFgG%".contains(last) => {
                let t = self.str_value(v, &a);
                self.call_prelude("format_str", &[(t, s.clone()), (sp, s.clone())], &s)
                    .unwrap_or(t)
            }
            Ann::Int | Ann::Bool | Ann::UInt => {
                let iv = self.slot_value(x, &Ann::Int);
                if "eEfFgG%".contains(last) {
                    let fv = self.val(Opcode::IntToFloat, Imm::None, &[iv]);
                    self.call_prelude("format_float", &[(fv, Ann::Float), (sp, s.clone())], &s)
                        .unwrap_or(sp)
                } else {
                    self.call_prelude("format_int", &[(iv, Ann::Int), (sp, s.clone())], &s)
                        .unwrap_or(sp)
                }
            }
            Ann::Float => {
                let fv = self.slot_value(x, &Ann::Float);
                self.call_prelude("format_float", &[(fv, Ann::Float), (sp, s.clone())], &s)
                    .unwrap_or(sp)
            }
            _ => {
                let t = self.str_value(v, &a);
                self.call_prelude("format_str", &[(t, s.clone()), (sp, s.clone())], &s)
                    .unwrap_or(t)
            }
        }
    }

    /// `"fmt" % values` with a constant format string.
    pub(super) fn percent(&mut self, op: &Op, _fmt: Var, values: Var) -> Value {
        let s = Ann::Str { nullable: false };
        let Some(Constant::Str(fmt)) = self.cx.ann.const_of(self.fk, op.args[0]) else {
            return self.b.sconst("");
        };
        let Ok(pieces) = parse_percent(&fmt) else {
            return self.b.sconst("");
        };
        let va = self.ann(values);
        let vv = self.v(values);
        let items: Vec<(Option<Value>, Ann)> = match &va {
            Ann::Tuple(items) => {
                let t = vv.expect("tuple value");
                items
                    .iter()
                    .enumerate()
                    .map(|(k, ia)| {
                        let it = self.val(Opcode::TupleGet, Imm::Index(k as u32), &[t]);
                        (
                            if self.cx.is_static(ia) {
                                None
                            } else {
                                Some(it)
                            },
                            ia.clone(),
                        )
                    })
                    .collect()
            }
            _ => vec![(vv, va.clone())],
        };
        let mut parts = Vec::new();
        let mut k = 0;
        for p in pieces {
            match p {
                Piece::Text(t) => parts.push(self.b.sconst(&t)),
                Piece::Directive(d) => {
                    let (v, a) = items[k].clone();
                    k += 1;
                    let flags = self.b.sconst(&d.flags);
                    let width = self.b.iconst(d.width);
                    let prec = self.b.iconst(d.prec);
                    let conv = self.b.sconst(&d.conv.to_string());
                    let piece = match d.conv {
                        'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                            let iv = match a {
                                Ann::Float => {
                                    self.val(Opcode::FloatToInt, Imm::None, &[v.expect("v")])
                                }
                                _ => self.coerce_slot(v, &a, &Ann::Int),
                            };
                            self.call_prelude(
                                "percent_int",
                                &[
                                    (iv, Ann::Int),
                                    (flags, s.clone()),
                                    (width, Ann::Int),
                                    (prec, Ann::Int),
                                    (conv, s.clone()),
                                ],
                                &s,
                            )
                        }
                        'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                            let fv = self.coerce_slot(v, &a, &Ann::Float);
                            self.call_prelude(
                                "percent_float",
                                &[
                                    (fv, Ann::Float),
                                    (flags, s.clone()),
                                    (width, Ann::Int),
                                    (prec, Ann::Int),
                                    (conv, s.clone()),
                                ],
                                &s,
                            )
                        }
                        'r' => {
                            let t = self.repr_value(v, &a);
                            self.call_prelude(
                                "percent_str",
                                &[
                                    (t, s.clone()),
                                    (flags, s.clone()),
                                    (width, Ann::Int),
                                    (prec, Ann::Int),
                                ],
                                &s,
                            )
                        }
                        _ => {
                            let t = self.str_value(v, &a);
                            self.call_prelude(
                                "percent_str",
                                &[
                                    (t, s.clone()),
                                    (flags, s.clone()),
                                    (width, Ann::Int),
                                    (prec, Ann::Int),
                                ],
                                &s,
                            )
                        }
                    };
                    if let Some(pv) = piece {
                        parts.push(pv);
                    }
                }
            }
        }
        self.concat(&parts)
    }
}
