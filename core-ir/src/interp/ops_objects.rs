//! Instance opcodes: `new`, `instance_of`, `downcast`, `classattr_get`.

use super::decode::{DImm, DInst};
use super::errors::{confused, no_attribute, type_error, Flow, R};
use super::machine::Interp;
use super::value::Val;
use crate::opcode::Opcode;
use cranelift_entity::EntityRef;

impl Interp<'_, '_> {
    /// Executes an instance opcode; its result.
    pub fn exec_object(&mut self, base: usize, inst: &DInst) -> R<Val> {
        use Opcode::*;
        let op = inst.op;
        let x = inst.a[0];
        Ok(match (op, &inst.imm) {
            (New, DImm::Class(c)) => Val::Obj(self.new_instance(*c)),
            (InstanceOf, DImm::Class(c)) => match self.reg(base, x) {
                Val::Obj(o) => Val::Bool(self.prog.is_subclass(o.class, *c)),
                _ => Val::Bool(false),
            },
            (Downcast, DImm::Class(c)) => match self.reg(base, x) {
                Val::Obj(o) if self.prog.is_subclass(o.class, *c) => Val::Obj(o.clone()),
                Val::Obj(o) => {
                    return Err(type_error(format!(
                        "'{}' object is not an instance of '{}'",
                        self.prog.classes[o.class].name, self.prog.classes[*c].name
                    ))
                    .into())
                }
                Val::None => Val::None,
                v => return Err(confused("instance", v)),
            },
            (ClassAttrGet, DImm::ClassAttr(a)) => {
                let name = &self.prog.class_attrs[*a].name;
                match self.reg(base, x) {
                    Val::Obj(o) => match self.prog.resolve_class_attr(o.class, *a) {
                        Some(g) => self.globals.get(g.index()).cloned().unwrap_or_default(),
                        None => {
                            return Err(no_attribute(&self.prog.classes[o.class].name, name).into())
                        }
                    },
                    Val::None => return Err(no_attribute("NoneType", name).into()),
                    v => return Err(confused("instance", v)),
                }
            }
            _ => {
                return Err(Flow::Fatal(format!(
                    "`{}` is not an instance opcode",
                    op.name()
                )))
            }
        })
    }
}
