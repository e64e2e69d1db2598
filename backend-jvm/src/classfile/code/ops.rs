//! Emitting plain instructions with [`Code`]: constants, locals,
//! arithmetic, fields, invocations and objects (each updates the tracked
//! operand stack).

use super::Code;
use crate::classfile::code::Local;
use crate::classfile::frames::VType;
use crate::classfile::insn::{kind_of, parse_method_descriptor, Invoke, Op, K};

impl Code<'_> {
    // ---- constants ----

    /// Pushes an int constant.
    pub fn iconst(&mut self, v: i32) {
        if !self.reachable() {
            return;
        }
        match v {
            -1..=5 => self.byte((0x03 + v) as u8),
            -128..=127 => {
                self.byte(0x10);
                self.byte(v as i8 as u8);
            }
            -32768..=32767 => {
                self.byte(0x11);
                self.u16(v as i16 as u16);
            }
            _ => {
                let i = self.pool.integer(v);
                self.ldc_index(i);
            }
        }
        self.push(VType::Int);
    }

    fn ldc_index(&mut self, i: u16) {
        if i < 256 {
            self.byte(0x12);
            self.byte(i as u8);
        } else {
            self.byte(0x13);
            self.u16(i);
        }
    }

    /// Pushes a long constant.
    pub fn lconst(&mut self, v: i64) {
        if !self.reachable() {
            return;
        }
        match v {
            0 | 1 => self.byte(0x09 + v as u8),
            _ if i32::try_from(v).is_ok() && (-32768..=32767).contains(&v) => {
                self.iconst(v as i32);
                self.op(Op::I2l);
                return;
            }
            _ => {
                let i = self.pool.long(v);
                self.byte(0x14);
                self.u16(i);
            }
        }
        self.push(VType::Long);
    }

    /// Pushes a double constant (exact bits, so `-0.0` and NaN are kept).
    pub fn dconst(&mut self, v: f64) {
        if !self.reachable() {
            return;
        }
        if v.to_bits() == 0 {
            self.byte(0x0e);
        } else if v.to_bits() == 1.0f64.to_bits() {
            self.byte(0x0f);
        } else {
            let i = self.pool.double(v);
            self.byte(0x14);
            self.u16(i);
        }
        self.push(VType::Double);
    }

    /// Pushes a string constant (its modified UTF-8 must fit 65535 bytes).
    pub fn sconst(&mut self, s: &str) {
        if !self.reachable() {
            return;
        }
        let i = self.pool.string(s);
        self.ldc_index(i);
        self.push(VType::obj("java/lang/String"));
    }

    /// Pushes a `java.lang.Class` constant.
    pub fn class_const(&mut self, class: &str) {
        if !self.reachable() {
            return;
        }
        let i = self.pool.class(class);
        self.ldc_index(i);
        self.push(VType::obj("java/lang/Class"));
    }

    /// Pushes null.
    pub fn null(&mut self) {
        if !self.reachable() {
            return;
        }
        self.byte(0x01);
        self.push(VType::Null);
    }

    // ---- locals ----

    fn local_insn(&mut self, op: u8, slot: u16) {
        if slot < 4 {
            // xload_n / xstore_n
            let short = match op {
                0x15..=0x19 => 0x1a + (op - 0x15) * 4,
                _ => 0x3b + (op - 0x36) * 4,
            };
            self.byte(short + slot as u8);
        } else if slot < 256 {
            self.byte(op);
            self.byte(slot as u8);
        } else {
            self.byte(0xc4);
            self.byte(op);
            self.u16(slot);
        }
    }

    /// Pushes local `l` (which must be assigned here).
    pub fn load(&mut self, l: &Local) {
        let Some(cur) = &self.cur else { return };
        let have = cur
            .locals
            .get(l.slot as usize)
            .cloned()
            .unwrap_or(VType::Top);
        if have == VType::Top {
            self.fail(format!("load of unassigned local {}", l.slot));
        }
        let op = match kind_of(&l.ty) {
            K::I => 0x15,
            K::J => 0x16,
            K::D => 0x18,
            K::A => 0x19,
        };
        self.local_insn(op, l.slot);
        let t = if l.slot == 0 && have == VType::UninitThis {
            have
        } else {
            l.ty.clone()
        };
        self.push(t);
    }

    /// Pops into local `l`.
    pub fn store(&mut self, l: &Local) {
        if !self.reachable() {
            return;
        }
        let k = kind_of(&l.ty);
        self.pop(k);
        let op = match k {
            K::I => 0x36,
            K::J => 0x37,
            K::D => 0x39,
            K::A => 0x3a,
        };
        self.local_insn(op, l.slot);
        let n = self.nslots;
        if let Some(cur) = &mut self.cur {
            let s = l.slot as usize;
            if cur.locals.len() < n {
                cur.locals.resize(n, VType::Top);
            }
            cur.locals[s] = l.ty.clone();
            if l.ty.size() == 2 {
                cur.locals[s + 1] = VType::Top;
            }
        }
    }

    /// `iinc`: adds `delta` to int local `l`.
    pub fn iinc(&mut self, l: &Local, delta: i16) {
        if !self.reachable() {
            return;
        }
        if l.slot < 256 && (-128..=127).contains(&delta) {
            self.byte(0x84);
            self.byte(l.slot as u8);
            self.byte(delta as i8 as u8);
        } else {
            self.byte(0xc4);
            self.byte(0x84);
            self.u16(l.slot);
            self.u16(delta as u16);
        }
    }

    // ---- plain instructions ----

    /// A zero-operand instruction (see [`Op`]).
    pub fn op(&mut self, op: Op) {
        if !self.reachable() {
            return;
        }
        let (code, pops, push) = op.info();
        for &k in pops.iter().rev() {
            self.pop(k);
        }
        self.byte(code);
        if let Some(t) = push {
            self.push(t);
        }
        if op == Op::Athrow {
            self.cur = None;
        }
    }

    /// `aaload`: pushes the component type of the array below the index.
    pub fn aaload(&mut self) {
        if !self.reachable() {
            return;
        }
        self.pop(K::I);
        let arr = self.pop_any();
        let elem = match arr {
            Some(VType::Object(d)) if d.starts_with('[') => VType::from_descriptor(&d[1..]),
            _ => VType::obj("java/lang/Object"),
        };
        self.byte(0x32);
        self.push(elem);
    }

    /// `pop` of a one-word value.
    pub fn pop1(&mut self) {
        if let Some(t) = self.pop_any() {
            if t.size() == 2 {
                self.fail("pop of a two-word value");
            }
            self.byte(0x57);
        }
    }

    /// Pops one value of any size.
    pub fn pop_value(&mut self) {
        if let Some(t) = self.pop_any() {
            self.byte(if t.size() == 2 { 0x58 } else { 0x57 });
        }
    }

    /// Duplicates the top value (of any size).
    pub fn dup(&mut self) {
        let Some(t) = self.top().cloned() else {
            if self.reachable() {
                self.fail("dup on empty stack");
            }
            return;
        };
        self.byte(if t.size() == 2 { 0x5c } else { 0x59 });
        self.push(t);
    }

    /// `dup_x1`: a one-word top copied below the one-word value under it.
    pub fn dup_x1(&mut self) {
        if !self.reachable() {
            return;
        }
        let (Some(a), Some(b)) = (self.pop_any(), self.pop_any()) else {
            return;
        };
        self.byte(0x5a);
        self.push(a.clone());
        self.push(b);
        self.push(a);
    }

    /// Swaps two one-word values.
    pub fn swap(&mut self) {
        if !self.reachable() {
            return;
        }
        let (Some(a), Some(b)) = (self.pop_any(), self.pop_any()) else {
            return;
        };
        if a.size() == 2 || b.size() == 2 {
            self.fail("swap of two-word values");
        }
        self.byte(0x5f);
        self.push(a);
        self.push(b);
    }

    // ---- fields, methods, objects ----

    fn field_insn(&mut self, op: u8, owner: &str, name: &str, desc: &str) {
        if !self.reachable() {
            return;
        }
        let t = VType::from_descriptor(desc);
        match op {
            0xb2 => {}
            0xb3 => self.pop(kind_of(&t)),
            0xb4 => self.pop(K::A),
            _ => {
                self.pop(kind_of(&t));
                self.pop(K::A);
            }
        }
        let i = self.pool.field(owner, name, desc);
        self.byte(op);
        self.u16(i);
        if op == 0xb2 || op == 0xb4 {
            self.push(t);
        }
    }

    /// `getstatic`
    pub fn getstatic(&mut self, owner: &str, name: &str, desc: &str) {
        self.field_insn(0xb2, owner, name, desc);
    }

    /// `putstatic`
    pub fn putstatic(&mut self, owner: &str, name: &str, desc: &str) {
        self.field_insn(0xb3, owner, name, desc);
    }

    /// `getfield`
    pub fn getfield(&mut self, owner: &str, name: &str, desc: &str) {
        self.field_insn(0xb4, owner, name, desc);
    }

    /// `putfield`
    pub fn putfield(&mut self, owner: &str, name: &str, desc: &str) {
        self.field_insn(0xb5, owner, name, desc);
    }

    /// A method invocation. `invokespecial` of `<init>` initializes the
    /// object it is applied to.
    pub fn invoke(&mut self, kind: Invoke, owner: &str, name: &str, desc: &str) {
        if !self.reachable() {
            return;
        }
        let (params, ret) = parse_method_descriptor(desc);
        for p in params.iter().rev() {
            self.pop(kind_of(p));
        }
        let mut receiver = None;
        if kind != Invoke::Static {
            receiver = self.pop_any();
            if receiver.as_ref().is_some_and(|r| !r.is_ref()) {
                self.fail("invoke on a non-reference receiver");
            }
        }
        let interface = kind == Invoke::Interface;
        let i = self.pool.method(owner, name, desc, interface);
        match kind {
            Invoke::Static => self.byte(0xb8),
            Invoke::Virtual => self.byte(0xb6),
            Invoke::Special => self.byte(0xb7),
            Invoke::Interface => self.byte(0xb9),
        }
        self.u16(i);
        if interface {
            let words: usize = 1 + params.iter().map(VType::size).sum::<usize>();
            self.byte(words as u8);
            self.byte(0);
        }
        if kind == Invoke::Special && name == "<init>" {
            if let (Some(r), Some(cur)) = (receiver, &mut self.cur) {
                let init = match r {
                    VType::UninitThis => Some(VType::obj(owner)),
                    VType::Uninit(_) => Some(VType::obj(owner)),
                    _ => None,
                };
                if let Some(new) = init {
                    let this_class = if r == VType::UninitThis {
                        None
                    } else {
                        Some(new.clone())
                    };
                    for t in cur.locals.iter_mut().chain(cur.stack.iter_mut()) {
                        if *t == r {
                            *t = match (&r, &this_class) {
                                (VType::UninitThis, _) => VType::Top,
                                (_, Some(c)) => c.clone(),
                                _ => VType::Top,
                            };
                        }
                    }
                }
            }
        }
        if let Some(t) = ret {
            self.push(t);
        }
    }

    /// Marks local 0 as initialized `this` of class `class` (after the
    /// super constructor call in a constructor).
    pub fn this_initialized(&mut self, class: &str) {
        if let Some(cur) = &mut self.cur {
            cur.locals[0] = VType::obj(class);
        }
    }

    /// `new`: pushes an uninitialized instance of `class`.
    pub fn new_obj(&mut self, class: &str) {
        if !self.reachable() {
            return;
        }
        let at = self.offset();
        let i = self.pool.class(class);
        self.byte(0xbb);
        self.u16(i);
        self.push(VType::Uninit(at));
    }

    /// `new class; dup; invokespecial <init>(desc)` with the constructor
    /// arguments pushed by `args` in between.
    pub fn construct(&mut self, class: &str, desc: &str, args: impl FnOnce(&mut Self)) {
        self.new_obj(class);
        self.dup();
        args(self);
        self.invoke(Invoke::Special, class, "<init>", desc);
    }

    /// `checkcast`
    pub fn checkcast(&mut self, class: &str) {
        if !self.reachable() {
            return;
        }
        self.pop(K::A);
        let i = self.pool.class(class);
        self.byte(0xc0);
        self.u16(i);
        self.push(VType::obj(class));
    }

    /// `instanceof`
    pub fn instance_of(&mut self, class: &str) {
        if !self.reachable() {
            return;
        }
        self.pop(K::A);
        let i = self.pool.class(class);
        self.byte(0xc1);
        self.u16(i);
        self.push(VType::Int);
    }

    /// `newarray` of a primitive type: `J`, `D`, `I`, `Z`, `B` or `C`.
    pub fn newarray(&mut self, elem: char) {
        if !self.reachable() {
            return;
        }
        self.pop(K::I);
        let code = match elem {
            'Z' => 4,
            'C' => 5,
            'D' => 7,
            'B' => 8,
            'I' => 10,
            _ => 11,
        };
        self.byte(0xbc);
        self.byte(code);
        self.push(VType::Object(format!("[{elem}")));
    }

    /// `anewarray` of a reference type (internal name).
    pub fn anewarray(&mut self, class: &str) {
        if !self.reachable() {
            return;
        }
        self.pop(K::I);
        let i = self.pool.class(class);
        self.byte(0xbd);
        self.u16(i);
        let d = if class.starts_with('[') {
            format!("[{class}")
        } else {
            format!("[L{class};")
        };
        self.push(VType::Object(d));
    }
}
