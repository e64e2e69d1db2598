//! Classfiles: the constant pool ([`pool`]), method bodies with their
//! exception tables and StackMapTable frames ([`code`], [`frames`]), and
//! the writer of a whole class (this module).
//!
//! Classes are written with version 52.0 (Java 8; the support classes call
//! JRE methods of Java 11, so jars need a JRE ≥ 11): every JDK from 8 on
//! loads them, and version ≥ 50 makes the verifier use our frames.

pub mod code;
pub mod frames;
pub mod insn;
pub mod pool;

use pool::ConstantPool;

/// Access flags (JVMS §4.1, §4.5, §4.6).
pub mod access {
    /// `ACC_PUBLIC`
    pub const PUBLIC: u16 = 0x0001;
    /// `ACC_PRIVATE`
    pub const PRIVATE: u16 = 0x0002;
    /// `ACC_STATIC`
    pub const STATIC: u16 = 0x0008;
    /// `ACC_FINAL`
    pub const FINAL: u16 = 0x0010;
    /// `ACC_SUPER` (classes)
    pub const SUPER: u16 = 0x0020;
    /// `ACC_INTERFACE`
    pub const INTERFACE: u16 = 0x0200;
    /// `ACC_ABSTRACT`
    pub const ABSTRACT: u16 = 0x0400;
    /// `ACC_SYNTHETIC`
    pub const SYNTHETIC: u16 = 0x1000;
}

/// Major version of the classfiles written (Java 8).
pub const MAJOR_VERSION: u16 = 52;

/// A field declaration.
#[derive(Debug)]
struct Field {
    access: u16,
    name: u16,
    desc: u16,
    constant: Option<u16>,
}

/// A finished method.
#[derive(Debug)]
struct Method {
    access: u16,
    name: u16,
    desc: u16,
    code: Option<code::Finished>,
}

/// The most parameter slots a method may have (JVMS §4.3.3), `this` included.
pub const MAX_PARAM_SLOTS: usize = 255;

/// A class being written: its constant pool, fields and methods.
#[derive(Debug)]
pub struct ClassWriter {
    /// The constant pool, shared by everything in the class.
    pub pool: ConstantPool,
    name: String,
    access: u16,
    this_idx: u16,
    super_idx: u16,
    interfaces: Vec<u16>,
    fields: Vec<Field>,
    methods: Vec<Method>,
    source_file: Option<String>,
    /// The first method whose parameters take too many slots.
    too_many_params: Option<String>,
}

impl ClassWriter {
    /// A class `name` (internal form, `a/b/C`) extending `super_name`.
    pub fn new(access: u16, name: &str, super_name: &str) -> Self {
        let mut pool = ConstantPool::new();
        let this_idx = pool.class(name);
        let super_idx = pool.class(super_name);
        ClassWriter {
            pool,
            name: name.to_string(),
            access,
            this_idx,
            super_idx,
            interfaces: Vec::new(),
            fields: Vec::new(),
            methods: Vec::new(),
            source_file: None,
            too_many_params: None,
        }
    }

    /// The class's internal name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Declares that the class implements `iface`.
    pub fn add_interface(&mut self, iface: &str) {
        let i = self.pool.class(iface);
        self.interfaces.push(i);
    }

    /// Records the `SourceFile` attribute.
    pub fn set_source_file(&mut self, file: &str) {
        self.source_file = Some(file.to_string());
    }

    /// Declares a field.
    pub fn add_field(&mut self, access: u16, name: &str, desc: &str) {
        let (name, desc) = (self.pool.utf8(name), self.pool.utf8(desc));
        self.fields.push(Field {
            access,
            name,
            desc,
            constant: None,
        });
    }

    /// Declares a `static final String` field with a `ConstantValue`.
    pub fn add_string_constant(&mut self, access: u16, name: &str, value: &str) {
        let (n, d) = (self.pool.utf8(name), self.pool.utf8("Ljava/lang/String;"));
        let c = self.pool.string(value);
        self.fields.push(Field {
            access,
            name: n,
            desc: d,
            constant: Some(c),
        });
    }

    /// Adds a method whose code was built with [`code::Code`] (or none, for
    /// an abstract method).
    pub fn add_method(
        &mut self,
        access: u16,
        name: &str,
        desc: &str,
        code: Option<code::Finished>,
    ) {
        let (params, _) = code::parse_method_descriptor(desc);
        let slots: usize = params.iter().map(|p| p.size()).sum::<usize>()
            + usize::from(access & access::STATIC == 0);
        if slots > MAX_PARAM_SLOTS && self.too_many_params.is_none() {
            self.too_many_params = Some(format!(
                "method `{name}` of class `{}` needs {slots} parameter slots; the JVM allows {MAX_PARAM_SLOTS}",
                self.name
            ));
        }
        let (name, desc) = (self.pool.utf8(name), self.pool.utf8(desc));
        self.methods.push(Method {
            access,
            name,
            desc,
            code,
        });
    }

    /// The classfile's bytes, or an error when a limit of the format was
    /// exceeded (constant pool, fields, methods).
    pub fn finish(mut self) -> Result<Vec<u8>, String> {
        let code_name = self.pool.utf8("Code");
        let smt_name = self.pool.utf8("StackMapTable");
        let cv_name = self.pool.utf8("ConstantValue");
        let sf = self
            .source_file
            .clone()
            .map(|f| (self.pool.utf8("SourceFile"), self.pool.utf8(&f)));
        if let Some(e) = self.too_many_params.take() {
            return Err(e);
        }
        if self.pool.overflowed() {
            return Err(format!(
                "class `{}` needs more than 65535 constant-pool entries",
                self.name
            ));
        }
        if self.fields.len() > 65535 || self.methods.len() > 65535 {
            return Err(format!("class `{}` has too many members", self.name));
        }
        let mut out = Vec::new();
        out.extend_from_slice(&0xCAFEBABEu32.to_be_bytes());
        out.extend_from_slice(&0u16.to_be_bytes());
        out.extend_from_slice(&MAJOR_VERSION.to_be_bytes());
        self.pool.write(&mut out);
        let u16s = |out: &mut Vec<u8>, v: u16| out.extend_from_slice(&v.to_be_bytes());
        u16s(&mut out, self.access);
        u16s(&mut out, self.this_idx);
        u16s(&mut out, self.super_idx);
        u16s(&mut out, self.interfaces.len() as u16);
        for &i in &self.interfaces {
            u16s(&mut out, i);
        }
        u16s(&mut out, self.fields.len() as u16);
        for f in &self.fields {
            u16s(&mut out, f.access);
            u16s(&mut out, f.name);
            u16s(&mut out, f.desc);
            match f.constant {
                Some(c) => {
                    u16s(&mut out, 1);
                    u16s(&mut out, cv_name);
                    out.extend_from_slice(&2u32.to_be_bytes());
                    u16s(&mut out, c);
                }
                None => u16s(&mut out, 0),
            }
        }
        u16s(&mut out, self.methods.len() as u16);
        for m in &self.methods {
            u16s(&mut out, m.access);
            u16s(&mut out, m.name);
            u16s(&mut out, m.desc);
            match &m.code {
                None => u16s(&mut out, 0),
                Some(c) => {
                    u16s(&mut out, 1);
                    u16s(&mut out, code_name);
                    let mut body = Vec::new();
                    c.write(&mut body, smt_name);
                    out.extend_from_slice(&(body.len() as u32).to_be_bytes());
                    out.extend_from_slice(&body);
                }
            }
        }
        match sf {
            Some((attr, file)) => {
                u16s(&mut out, 1);
                u16s(&mut out, attr);
                out.extend_from_slice(&2u32.to_be_bytes());
                u16s(&mut out, file);
            }
            None => u16s(&mut out, 0),
        }
        Ok(out)
    }
}
