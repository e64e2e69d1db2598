//! # Kiln JVM backend
//!
//! In: a verified core-IR [`Program`]. Out: a runnable `.jar` holding one
//! classfile per program class, tuple type and function-value class, the
//! module class with every function as a static method, and the support
//! classes the generated code calls (`kiln.rt.*`, themselves emitted as
//! bytecode by this crate). `java -jar out.jar ARGS` runs it on any JRE ≥ 11
//! (JDK 17 is what the tests use, with `-Xverify:all`).
//!
//! Layout of the crate:
//! - [`classfile`]: constant pool, the bytecode builder that tracks types
//!   and records StackMapTable frames, the class writer;
//! - [`names`] and [`layout`]: legal JVM names and the mapping of IR types
//!   and entities to JVM classes, descriptors and members;
//! - [`lower`]: IR functions to static methods (blocks, edges, exception
//!   ranges, one module per family of opcodes);
//! - [`classes`], [`tuples`], [`funcvals`], [`holders`]: the classes
//!   generated for IR classes, tuple types, function values and the module;
//! - [`values`]: boxing, hashing and repr of values by IR type;
//! - [`runtime`]: the support classes;
//! - [`jar`]: packing the classfiles.

pub mod classes;
pub mod classfile;
pub mod funcvals;
pub mod holders;
pub mod jar;
pub mod layout;
pub mod lower;
pub mod names;
pub mod runtime;
pub mod tuples;
pub mod values;

use core_ir::Program;
use std::path::PathBuf;

/// Options of a JVM build.
#[derive(Clone, Debug)]
pub struct JvmOptions {
    /// The `.jar` to write.
    pub output: PathBuf,
}

/// A classfile: its internal name and bytes.
pub type ClassBytes = (String, Vec<u8>);

/// Every classfile of the program's jar, and the main class.
pub fn compile_classes(prog: &Program) -> Result<(String, Vec<ClassBytes>), String> {
    if let Err(errors) = core_ir::verify(prog) {
        let first = errors
            .first()
            .map(|e| e.to_string())
            .unwrap_or_else(|| "unknown error".into());
        return Err(format!("the program does not verify: {first}"));
    }
    let l = layout::Layout::new(prog);
    let (module, largest) = holders::classes(&l)?;
    let relaunch = largest > runtime::boot::HUGE_METHOD_LIMIT;
    let mut out = runtime::classes(&l, relaunch)?;
    for (c, _) in prog.classes.iter() {
        out.push((l.class(c).to_string(), classes::class_file(&l, c)?));
    }
    for (t, name) in l.tuples() {
        out.push((name.to_string(), tuples::class_file(&l, t)?));
    }
    out.extend(funcvals::classes(&l)?);
    out.extend(module);
    Ok((l.module.clone(), out))
}

/// Translates `prog` into a runnable jar.
pub fn build_jar(prog: &Program, options: &JvmOptions) -> Result<(), String> {
    let (main, classes) = compile_classes(prog)?;
    jar::write_jar(&options.output, &main, &classes)
}
