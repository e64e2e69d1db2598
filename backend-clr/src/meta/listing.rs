//! A stable, readable IL listing of an assembly read back by
//! [`super::reader`]: types with their base, fields, and methods with
//! signature, locals, exception clauses and disassembled IL (tokens shown
//! by name). Used by the snapshot tests.

use super::reader::{
    read_compressed, BodyData, EhClause, FieldData, MethodData, Module, RawView, Sig, SigType,
    TypeData,
};
use super::tables::table;
use std::fmt::Write as _;

type R<T> = Result<T, String>;

fn type_def_name(v: &RawView, row: u32) -> R<String> {
    let name = v.string(v.col(table::TYPE_DEF, row, 1)?)?;
    let ns = v.string(v.col(table::TYPE_DEF, row, 2)?)?;
    Ok(if ns.is_empty() {
        name
    } else {
        format!("{ns}.{name}")
    })
}

fn type_ref_name(v: &RawView, row: u32) -> R<String> {
    let name = v.string(v.col(table::TYPE_REF, row, 1)?)?;
    let ns = v.string(v.col(table::TYPE_REF, row, 2)?)?;
    Ok(format!("[mscorlib]{ns}.{name}"))
}

fn tdor_name(v: &RawView, coded: u32) -> R<String> {
    let row = coded >> 2;
    match coded & 3 {
        0 => type_def_name(v, row),
        1 => type_ref_name(v, row),
        _ => {
            let blob = v.blob(v.col(table::TYPE_SPEC, row, 0)?)?;
            Ok(sig_type(v, &blob, &mut 0)?.to_string())
        }
    }
}

fn sig_type(v: &RawView, b: &[u8], at: &mut usize) -> R<SigType> {
    let e = *b.get(*at).ok_or("truncated signature")?;
    *at += 1;
    Ok(match e {
        0x01 => SigType::Prim("void"),
        0x02 => SigType::Prim("bool"),
        0x03 => SigType::Prim("char"),
        0x05 => SigType::Prim("uint8"),
        0x07 => SigType::Prim("uint16"),
        0x08 => SigType::Prim("int32"),
        0x0a => SigType::Prim("int64"),
        0x0b => SigType::Prim("uint64"),
        0x0d => SigType::Prim("float64"),
        0x0e => SigType::Prim("string"),
        0x18 => SigType::Prim("native int"),
        0x1c => SigType::Prim("object"),
        0x11 | 0x12 => {
            let coded = read_compressed(b, at)?;
            SigType::Named(tdor_name(v, coded)?, e == 0x11)
        }
        0x1d => SigType::Array(Box::new(sig_type(v, b, at)?)),
        other => return Err(format!("signature element {other:#x} not supported")),
    })
}

fn method_sig(v: &RawView, b: &[u8]) -> R<Sig> {
    let mut at = 1;
    let n = read_compressed(b, &mut at)?;
    let ret = sig_type(v, b, &mut at)?;
    let params = (0..n).map(|_| sig_type(v, b, &mut at)).collect::<R<_>>()?;
    Ok(Sig {
        has_this: b.first().is_some_and(|c| c & 0x20 != 0),
        ret,
        params,
    })
}

fn body(v: &RawView, file: &[u8], off: usize) -> R<BodyData> {
    let get = |i: usize| {
        file.get(i)
            .copied()
            .ok_or_else(|| "body past the end".to_string())
    };
    let u32_at = |i: usize| -> R<u32> {
        Ok(u32::from_le_bytes([
            get(i)?,
            get(i + 1)?,
            get(i + 2)?,
            get(i + 3)?,
        ]))
    };
    let first = get(off)?;
    if first & 3 == 2 {
        let size = (first >> 2) as usize;
        let code = file
            .get(off + 1..off + 1 + size)
            .ok_or("tiny body past the end")?
            .to_vec();
        return Ok(BodyData {
            max_stack: 8,
            locals: vec![],
            code,
            clauses: vec![],
        });
    }
    let flags = u16::from_le_bytes([get(off)?, get(off + 1)?]);
    let max_stack = u16::from_le_bytes([get(off + 2)?, get(off + 3)?]);
    let size = u32_at(off + 4)? as usize;
    let local_tok = u32_at(off + 8)?;
    let code = file
        .get(off + 12..off + 12 + size)
        .ok_or("fat body past the end")?
        .to_vec();
    let mut locals = Vec::new();
    if local_tok != 0 {
        let blob = v.blob(v.col(table::STAND_ALONE_SIG, local_tok & 0xFFFFFF, 0)?)?;
        let mut at = 1;
        let n = read_compressed(&blob, &mut at)?;
        for _ in 0..n {
            locals.push(sig_type(v, &blob, &mut at)?);
        }
    }
    let mut clauses = Vec::new();
    if flags & 0x08 != 0 {
        let mut s = (off + 12 + size + 3) & !3;
        let kind = get(s)?;
        if kind & 0x40 == 0 {
            return Err("small exception sections are not produced by the writer".into());
        }
        let len = (u32_at(s)? >> 8) as usize;
        s += 4;
        for _ in 0..(len - 4) / 24 {
            clauses.push(EhClause {
                flags: u32_at(s)?,
                try_range: (u32_at(s + 4)?, u32_at(s + 8)?),
                handler_range: (u32_at(s + 12)?, u32_at(s + 16)?),
                class_token: u32_at(s + 20)?,
            });
            s += 24;
        }
    }
    Ok(BodyData {
        max_stack,
        locals,
        code,
        clauses,
    })
}

/// Decodes every table into a [`Module`].
pub(super) fn build_module(
    v: &RawView,
    file: &[u8],
    at: &dyn Fn(u32) -> R<usize>,
    entry: u32,
    version: String,
    user_strings: &[u8],
) -> R<Module> {
    let name = if v.count(table::ASSEMBLY) > 0 {
        v.string(v.col(table::ASSEMBLY, 1, 7)?)?
    } else {
        String::new()
    };
    let type_refs = (1..=v.count(table::TYPE_REF))
        .map(|r| type_ref_name(v, r))
        .collect::<R<Vec<_>>>()?;
    let type_defs = (1..=v.count(table::TYPE_DEF))
        .map(|r| type_def_name(v, r))
        .collect::<R<Vec<_>>>()?;
    let type_specs = (1..=v.count(table::TYPE_SPEC))
        .map(|r| Ok(sig_type(v, &v.blob(v.col(table::TYPE_SPEC, r, 0)?)?, &mut 0)?.to_string()))
        .collect::<R<Vec<_>>>()?;
    let ntypes = v.count(table::TYPE_DEF);
    let (nfields, nmethods) = (v.count(table::FIELD), v.count(table::METHOD_DEF));
    let mut owner_f = vec![String::new(); nfields as usize];
    let mut owner_m = vec![String::new(); nmethods as usize];
    let mut types = Vec::new();
    for r in 1..=ntypes {
        let f0 = v.col(table::TYPE_DEF, r, 4)?;
        let m0 = v.col(table::TYPE_DEF, r, 5)?;
        let f1 = if r < ntypes {
            v.col(table::TYPE_DEF, r + 1, 4)?
        } else {
            nfields + 1
        };
        let m1 = if r < ntypes {
            v.col(table::TYPE_DEF, r + 1, 5)?
        } else {
            nmethods + 1
        };
        let tname = type_defs[r as usize - 1].clone();
        let mut fields = Vec::new();
        for f in f0..f1 {
            owner_f[f as usize - 1] = tname.clone();
            let blob = v.blob(v.col(table::FIELD, f, 2)?)?;
            fields.push(FieldData {
                name: v.string(v.col(table::FIELD, f, 1)?)?,
                flags: v.col(table::FIELD, f, 0)? as u16,
                ty: sig_type(v, &blob, &mut 1)?,
            });
        }
        let mut methods = Vec::new();
        for m in m0..m1 {
            owner_m[m as usize - 1] = tname.clone();
            let rva = v.col(table::METHOD_DEF, m, 0)?;
            methods.push(MethodData {
                name: v.string(v.col(table::METHOD_DEF, m, 3)?)?,
                impl_flags: v.col(table::METHOD_DEF, m, 1)? as u16,
                flags: v.col(table::METHOD_DEF, m, 2)? as u16,
                sig: method_sig(v, &v.blob(v.col(table::METHOD_DEF, m, 4)?)?)?,
                body: if rva == 0 {
                    None
                } else {
                    Some(body(v, file, at(rva)?)?)
                },
            });
        }
        let ext = v.col(table::TYPE_DEF, r, 3)?;
        types.push(TypeData {
            name: tname,
            flags: v.col(table::TYPE_DEF, r, 0)?,
            extends: if ext == 0 {
                None
            } else {
                Some(tdor_name(v, ext)?)
            },
            fields,
            methods,
        });
    }
    let fields = (1..=nfields)
        .map(|f| {
            Ok(format!(
                "{}::{}",
                owner_f[f as usize - 1],
                v.string(v.col(table::FIELD, f, 1)?)?
            ))
        })
        .collect::<R<Vec<_>>>()?;
    let methods = (1..=nmethods)
        .map(|m| {
            Ok(format!(
                "{}::{}",
                owner_m[m as usize - 1],
                v.string(v.col(table::METHOD_DEF, m, 3)?)?
            ))
        })
        .collect::<R<Vec<_>>>()?;
    let member_refs = (1..=v.count(table::MEMBER_REF))
        .map(|r| {
            let parent = v.col(table::MEMBER_REF, r, 0)?;
            let pname = match parent & 7 {
                0 => type_def_name(v, parent >> 3)?,
                1 => type_ref_name(v, parent >> 3)?,
                other => format!("<parent kind {other}>"),
            };
            Ok(format!(
                "{pname}::{}",
                v.string(v.col(table::MEMBER_REF, r, 1)?)?
            ))
        })
        .collect::<R<Vec<_>>>()?;
    Ok(Module::assemble(
        name,
        version,
        types,
        entry,
        type_refs,
        type_defs,
        type_specs,
        fields,
        methods,
        member_refs,
        user_strings.to_vec(),
    ))
}

/// Operand kinds of IL instructions.
#[derive(Copy, Clone)]
enum Operand {
    None,
    I8,
    U8,
    I32,
    I64,
    R8,
    Token,
    Br32,
    Switch,
    U16,
}

fn decode_op(code: &[u8], at: usize) -> Option<(&'static str, Operand, usize)> {
    use Operand::*;
    let b = *code.get(at)?;
    let one = |name, op| Some((name, op, 1));
    match b {
        0x00 => one("nop", None),
        0x02..=0x05 => Some((
            ["ldarg.0", "ldarg.1", "ldarg.2", "ldarg.3"][(b - 0x02) as usize],
            None,
            1,
        )),
        0x06..=0x09 => Some((
            ["ldloc.0", "ldloc.1", "ldloc.2", "ldloc.3"][(b - 0x06) as usize],
            None,
            1,
        )),
        0x0a..=0x0d => Some((
            ["stloc.0", "stloc.1", "stloc.2", "stloc.3"][(b - 0x0a) as usize],
            None,
            1,
        )),
        0x0e => one("ldarg.s", U8),
        0x10 => one("starg.s", U8),
        0x11 => one("ldloc.s", U8),
        0x12 => one("ldloca.s", U8),
        0x13 => one("stloc.s", U8),
        0x14 => one("ldnull", None),
        0x15..=0x1e => Some((
            [
                "ldc.i4.m1",
                "ldc.i4.0",
                "ldc.i4.1",
                "ldc.i4.2",
                "ldc.i4.3",
                "ldc.i4.4",
                "ldc.i4.5",
                "ldc.i4.6",
                "ldc.i4.7",
                "ldc.i4.8",
            ][(b - 0x15) as usize],
            None,
            1,
        )),
        0x1f => one("ldc.i4.s", I8),
        0x20 => one("ldc.i4", I32),
        0x21 => one("ldc.i8", I64),
        0x23 => one("ldc.r8", R8),
        0x25 => one("dup", None),
        0x26 => one("pop", None),
        0x28 => one("call", Token),
        0x2a => one("ret", None),
        0x38 => one("br", Br32),
        0x39 => one("brfalse", Br32),
        0x3a => one("brtrue", Br32),
        0x3b => one("beq", Br32),
        0x3c => one("bge", Br32),
        0x3d => one("bgt", Br32),
        0x3e => one("ble", Br32),
        0x3f => one("blt", Br32),
        0x40 => one("bne.un", Br32),
        0x41 => one("bge.un", Br32),
        0x42 => one("bgt.un", Br32),
        0x44 => one("blt.un", Br32),
        0x45 => one("switch", Switch),
        0x58 => one("add", None),
        0x59 => one("sub", None),
        0x5a => one("mul", None),
        0x5b => one("div", None),
        0x5c => one("div.un", None),
        0x5d => one("rem", None),
        0x5e => one("rem.un", None),
        0x5f => one("and", None),
        0x60 => one("or", None),
        0x61 => one("xor", None),
        0x62 => one("shl", None),
        0x63 => one("shr", None),
        0x64 => one("shr.un", None),
        0x65 => one("neg", None),
        0x66 => one("not", None),
        0x67 => one("conv.i1", None),
        0x68 => one("conv.i2", None),
        0x69 => one("conv.i4", None),
        0x6a => one("conv.i8", None),
        0x6c => one("conv.r8", None),
        0x6d => one("conv.u4", None),
        0x6e => one("conv.u8", None),
        0x6f => one("callvirt", Token),
        0x72 => one("ldstr", Token),
        0x73 => one("newobj", Token),
        0x74 => one("castclass", Token),
        0x75 => one("isinst", Token),
        0x76 => one("conv.r.un", None),
        0x7a => one("throw", None),
        0x7b => one("ldfld", Token),
        0x7d => one("stfld", Token),
        0x7e => one("ldsfld", Token),
        0x80 => one("stsfld", Token),
        0x8c => one("box", Token),
        0x8d => one("newarr", Token),
        0x8e => one("ldlen", None),
        0x90 => one("ldelem.i1", None),
        0x91 => one("ldelem.u1", None),
        0x93 => one("ldelem.u2", None),
        0x94 => one("ldelem.i4", None),
        0x96 => one("ldelem.i8", None),
        0x99 => one("ldelem.r8", None),
        0x9a => one("ldelem.ref", None),
        0x9c => one("stelem.i1", None),
        0x9d => one("stelem.i2", None),
        0x9e => one("stelem.i4", None),
        0x9f => one("stelem.i8", None),
        0xa1 => one("stelem.r8", None),
        0xa2 => one("stelem.ref", None),
        0xa3 => one("ldelem", Token),
        0xa4 => one("stelem", Token),
        0xd0 => one("ldtoken", Token),
        0xd1 => one("conv.u2", None),
        0xd2 => one("conv.u1", None),
        0xd3 => one("conv.i", None),
        0xdc => one("endfinally", None),
        0xdd => one("leave", Br32),
        0xfe => {
            let b2 = *code.get(at + 1)?;
            let name = match b2 {
                0x01 => "ceq",
                0x02 => "cgt",
                0x03 => "cgt.un",
                0x04 => "clt",
                0x05 => "clt.un",
                0x06 => "ldftn",
                0x07 => "ldvirtftn",
                0x09 => "ldarg",
                0x0b => "starg",
                0x0c => "ldloc",
                0x0d => "ldloca",
                0x0e => "stloc",
                0x15 => "initobj",
                0x1a => "rethrow",
                _ => return Option::None,
            };
            let op = match b2 {
                0x06 | 0x07 | 0x15 => Token,
                0x09 | 0x0b | 0x0c | 0x0d | 0x0e => U16,
                _ => None,
            };
            Some((name, op, 2))
        }
        _ => Option::None,
    }
}

/// Disassembles IL, one instruction per line.
pub fn disassemble(m: &Module, code: &[u8]) -> String {
    let mut out = String::new();
    let mut at = 0;
    while at < code.len() {
        let Some((name, op, len)) = decode_op(code, at) else {
            let _ = writeln!(out, "    IL_{at:04x}: .byte {:#04x}", code[at]);
            at += 1;
            continue;
        };
        let o = at + len;
        let rd = |n: usize| code.get(o..o + n).map(|s| s.to_vec()).unwrap_or_default();
        let le32 = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        let (text, size) = match op {
            Operand::None => (String::new(), 0),
            Operand::I8 => (
                format!(" {}", rd(1).first().map_or(0, |&b| b as i8 as i32)),
                1,
            ),
            Operand::U8 => (format!(" {}", rd(1).first().copied().unwrap_or(0)), 1),
            Operand::U16 => (format!(" {}", u16::from_le_bytes([rd(2)[0], rd(2)[1]])), 2),
            Operand::I32 => (format!(" {}", le32(&rd(4)) as i32), 4),
            Operand::I64 => (
                format!(
                    " {}",
                    i64::from_le_bytes(rd(8).try_into().unwrap_or([0; 8]))
                ),
                8,
            ),
            Operand::R8 => (
                format!(
                    " {:?}",
                    f64::from_le_bytes(rd(8).try_into().unwrap_or([0; 8]))
                ),
                8,
            ),
            Operand::Token => (format!(" {}", m.token_name(le32(&rd(4)))), 4),
            Operand::Br32 => {
                let target = (o + 4) as i64 + le32(&rd(4)) as i32 as i64;
                (format!(" IL_{target:04x}"), 4)
            }
            Operand::Switch => {
                let n = le32(&rd(4)) as usize;
                let base = o + 4 + 4 * n;
                let targets: Vec<String> = (0..n)
                    .map(|i| {
                        let p = o + 4 + 4 * i;
                        let rel = code.get(p..p + 4).map_or(0, |s| le32(s) as i32);
                        format!("IL_{:04x}", base as i64 + rel as i64)
                    })
                    .collect();
                (format!(" ({})", targets.join(", ")), 4 + 4 * n)
            }
        };
        let _ = writeln!(out, "    IL_{at:04x}: {name}{text}");
        at = o + size;
    }
    out
}

fn method_header(m: &MethodData) -> String {
    let mut words = Vec::new();
    if m.flags & 0x10 != 0 {
        words.push("static");
    }
    if m.flags & 0x40 != 0 {
        words.push("virtual");
    }
    if m.flags & 0x100 != 0 {
        words.push("newslot");
    }
    if m.impl_flags & 3 == 3 {
        words.push("runtime");
    }
    let params: Vec<String> = m.sig.params.iter().map(|p| p.to_string()).collect();
    format!(
        "{} {} {}({})",
        words.join(" "),
        m.sig.ret,
        m.name,
        params.join(", ")
    )
}

fn list_method(out: &mut String, module: &Module, m: &MethodData) {
    let _ = writeln!(out, "  .method {}", method_header(m).trim_start());
    let Some(b) = &m.body else { return };
    let _ = writeln!(out, "    .maxstack {}", b.max_stack);
    if !b.locals.is_empty() {
        let locals: Vec<String> = b.locals.iter().map(|l| l.to_string()).collect();
        let _ = writeln!(out, "    .locals ({})", locals.join(", "));
    }
    for c in &b.clauses {
        let kind = if c.flags == 2 {
            "finally".to_string()
        } else {
            format!("catch {}", module.token_name(c.class_token))
        };
        let _ = writeln!(
            out,
            "    .try IL_{:04x} to IL_{:04x} {kind} handler IL_{:04x} to IL_{:04x}",
            c.try_range.0,
            c.try_range.0 + c.try_range.1,
            c.handler_range.0,
            c.handler_range.0 + c.handler_range.1
        );
    }
    out.push_str(&disassemble(module, &b.code));
}

/// The listing of the types `keep` selects.
pub fn listing(module: &Module, keep: &dyn Fn(&TypeData) -> bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        ".assembly {} (metadata {})",
        module.name, module.version
    );
    let _ = writeln!(out, ".entrypoint {}", module.token_name(module.entry));
    for t in module.types.iter().filter(|t| keep(t)) {
        let _ = writeln!(
            out,
            "\n.class {} extends {}",
            t.name,
            t.extends.as_deref().unwrap_or("-")
        );
        for f in &t.fields {
            let stat = if f.flags & 0x10 != 0 { "static " } else { "" };
            let _ = writeln!(out, "  .field {stat}{} {}", f.ty, f.name);
        }
        for m in &t.methods {
            list_method(&mut out, module, m);
        }
    }
    out
}
