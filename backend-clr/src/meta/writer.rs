//! Lays out an [`Assembly`] as a file: orders the types (bases first),
//! numbers rows, resolves symbolic tokens in IL bodies, encodes signatures,
//! fills the metadata tables and heaps, and wraps it all in a PE image.

use super::heaps::{compress_u32, BlobHeap, GuidHeap, StringHeap, UserStringHeap};
use super::model::{
    Assembly, ExtTypeData, FieldRef, MemberSig, MethodRef, MethodSig, Token, Ty, TypeId, TypeRef,
};
use super::pe;
use super::tables::{table, Coded, Col, HeapSizes, Tables};
use crate::il::{Body, ClauseKind};
use std::collections::HashMap;

/// Everything a row number depends on, fixed before bodies are encoded.
struct Rows {
    /// TypeDef row of each type (1 is `<Module>`).
    type_row: Vec<u32>,
    /// Field row of each field.
    field_row: Vec<u32>,
    /// MethodDef row of each method.
    method_row: Vec<u32>,
    /// Types in row order (without `<Module>`).
    order: Vec<TypeId>,
}

/// Resolves symbolic references while the file is written.
struct Resolver {
    rows: Rows,
    ext_types: Vec<ExtTypeData>,
    type_specs: Vec<u32>,
    type_spec_index: HashMap<Vec<u8>, u32>,
    strings: StringHeap,
    us: UserStringHeap,
    blobs: BlobHeap,
    sigs: Vec<u32>,
}

fn number_rows(asm: &Assembly) -> Result<Rows, String> {
    // Bases before derived types (the runtime loads them in that order).
    let n = asm.types.len();
    let mut order = Vec::with_capacity(n);
    let mut state = vec![0u8; n];
    fn visit(
        asm: &Assembly,
        t: usize,
        state: &mut [u8],
        order: &mut Vec<TypeId>,
    ) -> Result<(), String> {
        match state[t] {
            2 => return Ok(()),
            1 => return Err(format!("type {} derives from itself", asm.types[t].name)),
            _ => {}
        }
        state[t] = 1;
        if let Some(TypeRef::Def(b)) = asm.types[t].extends {
            visit(asm, b.0 as usize, state, order)?;
        }
        state[t] = 2;
        order.push(TypeId(t as u32));
        Ok(())
    }
    for t in 0..n {
        visit(asm, t, &mut state, &mut order)?;
    }
    let mut type_row = vec![0; n];
    let mut field_row = vec![0; asm.fields.len()];
    let mut method_row = vec![0; asm.methods.len()];
    let (mut f, mut m) = (1, 1);
    for (i, t) in order.iter().enumerate() {
        type_row[t.0 as usize] = i as u32 + 2;
        for fid in &asm.types[t.0 as usize].fields {
            field_row[fid.0 as usize] = f;
            f += 1;
        }
        for mid in &asm.types[t.0 as usize].methods {
            method_row[mid.0 as usize] = m;
            m += 1;
        }
    }
    Ok(Rows {
        type_row,
        field_row,
        method_row,
        order,
    })
}

impl Resolver {
    fn ext_row(&mut self, namespace: &str, name: &str) -> u32 {
        let data = ExtTypeData {
            namespace: namespace.into(),
            name: name.into(),
        };
        match self.ext_types.iter().position(|t| *t == data) {
            Some(i) => i as u32 + 1,
            None => {
                self.ext_types.push(data);
                self.ext_types.len() as u32
            }
        }
    }

    fn type_def_or_ref(&self, t: TypeRef) -> u32 {
        match t {
            TypeRef::Def(id) => {
                Coded::TypeDefOrRef.encode(table::TYPE_DEF, self.rows.type_row[id.0 as usize])
            }
            TypeRef::Ext(id) => Coded::TypeDefOrRef.encode(table::TYPE_REF, id.0 + 1),
        }
    }

    fn encode_ty(&self, out: &mut Vec<u8>, ty: &Ty) {
        match ty {
            Ty::Void => out.push(0x01),
            Ty::Bool => out.push(0x02),
            Ty::Char => out.push(0x03),
            Ty::U1 => out.push(0x05),
            Ty::U2 => out.push(0x07),
            Ty::I4 => out.push(0x08),
            Ty::I8 => out.push(0x0a),
            Ty::U8 => out.push(0x0b),
            Ty::R8 => out.push(0x0d),
            Ty::String => out.push(0x0e),
            Ty::IntPtr => out.push(0x18),
            Ty::Object => out.push(0x1c),
            Ty::Class(t) => {
                out.push(0x12);
                compress_u32(out, self.type_def_or_ref(*t));
            }
            Ty::ValueType(t) => {
                out.push(0x11);
                compress_u32(out, self.type_def_or_ref(*t));
            }
            Ty::Array(e) => {
                out.push(0x1d);
                self.encode_ty(out, e);
            }
        }
    }

    fn method_sig_blob(&mut self, sig: &MethodSig) -> u32 {
        let mut b = vec![if sig.has_this { 0x20 } else { 0x00 }];
        compress_u32(&mut b, sig.params.len() as u32);
        self.encode_ty(&mut b, &sig.ret);
        for p in &sig.params {
            self.encode_ty(&mut b, p);
        }
        self.blobs.add(&b)
    }

    fn field_sig_blob(&mut self, ty: &Ty) -> u32 {
        let mut b = vec![0x06];
        self.encode_ty(&mut b, ty);
        self.blobs.add(&b)
    }

    /// The token of a type operand (`TypeDef`, `TypeRef` or `TypeSpec`).
    fn type_token(&mut self, ty: &Ty) -> u32 {
        let prim = |ty: &Ty| -> Option<&'static str> {
            Some(match ty {
                Ty::Bool => "Boolean",
                Ty::Char => "Char",
                Ty::U1 => "Byte",
                Ty::U2 => "UInt16",
                Ty::I4 => "Int32",
                Ty::I8 => "Int64",
                Ty::U8 => "UInt64",
                Ty::R8 => "Double",
                Ty::IntPtr => "IntPtr",
                Ty::String => "String",
                Ty::Object => "Object",
                _ => return None,
            })
        };
        if let Some(name) = prim(ty) {
            return 0x0100_0000 | self.ext_row("System", name);
        }
        match ty {
            Ty::Class(TypeRef::Def(id)) | Ty::ValueType(TypeRef::Def(id)) => {
                0x0200_0000 | self.rows.type_row[id.0 as usize]
            }
            Ty::Class(TypeRef::Ext(id)) | Ty::ValueType(TypeRef::Ext(id)) => {
                0x0100_0000 | (id.0 + 1)
            }
            _ => {
                let mut b = Vec::new();
                self.encode_ty(&mut b, ty);
                if let Some(&row) = self.type_spec_index.get(&b) {
                    return 0x1B00_0000 | row;
                }
                let blob = self.blobs.add(&b);
                self.type_specs.push(blob);
                let row = self.type_specs.len() as u32;
                self.type_spec_index.insert(b, row);
                0x1B00_0000 | row
            }
        }
    }

    fn token(&mut self, t: &Token) -> u32 {
        match t {
            Token::Type(ty) => self.type_token(ty),
            Token::Field(FieldRef::Def(f)) => 0x0400_0000 | self.rows.field_row[f.0 as usize],
            Token::Field(FieldRef::Ext(m)) | Token::Method(MethodRef::Ext(m)) => {
                0x0A00_0000 | (m.0 + 1)
            }
            Token::Method(MethodRef::Def(m)) => 0x0600_0000 | self.rows.method_row[m.0 as usize],
            Token::Str(s) => 0x7000_0000 | self.us.add(s),
        }
    }

    /// Encodes one method body (header, code, exception sections).
    fn body_bytes(&mut self, body: &Body) -> Vec<u8> {
        let mut code = body.code.clone();
        for (at, tok) in &body.fixups {
            let v = self.token(tok);
            code[*at as usize..*at as usize + 4].copy_from_slice(&v.to_le_bytes());
        }
        let mut out = Vec::new();
        let tiny = code.len() < 64
            && body.max_stack <= 8
            && body.locals.is_empty()
            && body.clauses.is_empty();
        if tiny {
            out.push(((code.len() as u8) << 2) | 0x2);
            out.extend_from_slice(&code);
            return out;
        }
        let local_tok = if body.locals.is_empty() {
            0
        } else {
            let mut b = vec![0x07];
            compress_u32(&mut b, body.locals.len() as u32);
            for l in &body.locals {
                self.encode_ty(&mut b, l);
            }
            let blob = self.blobs.add(&b);
            self.sigs.push(blob);
            0x1100_0000 | self.sigs.len() as u32
        };
        let mut flags: u16 = 0x3003;
        if !body.locals.is_empty() {
            flags |= 0x10; // init locals
        }
        if !body.clauses.is_empty() {
            flags |= 0x08; // more sections
        }
        out.extend_from_slice(&flags.to_le_bytes());
        out.extend_from_slice(&body.max_stack.to_le_bytes());
        out.extend_from_slice(&(code.len() as u32).to_le_bytes());
        out.extend_from_slice(&local_tok.to_le_bytes());
        out.extend_from_slice(&code);
        if !body.clauses.is_empty() {
            while !out.len().is_multiple_of(4) {
                out.push(0);
            }
            let size = 4 + 24 * body.clauses.len() as u32;
            out.push(0x41); // exception table, fat format
            out.extend_from_slice(&size.to_le_bytes()[..3]);
            for c in &body.clauses {
                let (kind, class) = match &c.kind {
                    ClauseKind::Catch(ty) => (0u32, self.type_token(ty)),
                    ClauseKind::Finally => (2u32, 0),
                };
                for v in [
                    kind,
                    c.try_start,
                    c.try_end - c.try_start,
                    c.handler_start,
                    c.handler_end - c.handler_start,
                    class,
                ] {
                    out.extend_from_slice(&v.to_le_bytes());
                }
            }
        }
        out
    }
}

/// A deterministic module id derived from the assembly's contents.
fn mvid(asm: &Assembly) -> [u8; 16] {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |b: &[u8]| {
        for &x in b {
            h ^= x as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    feed(asm.name.as_bytes());
    for m in &asm.methods {
        feed(m.name.as_bytes());
        if let Some(b) = &m.body {
            feed(&b.code);
        }
    }
    let mut g = [0u8; 16];
    g[..8].copy_from_slice(&h.to_le_bytes());
    g[8..].copy_from_slice(
        &h.rotate_left(29)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .to_le_bytes(),
    );
    g[7] = (g[7] & 0x0F) | 0x40; // version 4 layout
    g[8] = (g[8] & 0x3F) | 0x80;
    g
}

/// Writes `asm` as the bytes of a `.exe` file.
pub fn write(asm: &Assembly) -> Result<Vec<u8>, String> {
    let rows = number_rows(asm)?;
    let mut r = Resolver {
        rows,
        ext_types: asm.ext_types.clone(),
        type_specs: Vec::new(),
        type_spec_index: HashMap::new(),
        strings: StringHeap::default(),
        us: UserStringHeap::default(),
        blobs: BlobHeap::default(),
        sigs: Vec::new(),
    };
    // .text: IAT, CLI header, then method bodies.
    let mut text = vec![0u8; 8 + 72];
    let mut method_rva = vec![0u32; asm.methods.len()];
    let order = r.rows.order.clone();
    for t in &order {
        for mid in &asm.types[t.0 as usize].methods {
            let Some(body) = &asm.methods[mid.0 as usize].body else {
                continue;
            };
            let bytes = r.body_bytes(body);
            while !text.len().is_multiple_of(4) {
                text.push(0);
            }
            method_rva[mid.0 as usize] = pe::TEXT_RVA + text.len() as u32;
            text.extend_from_slice(&bytes);
        }
    }
    while !text.len().is_multiple_of(8) {
        text.push(0);
    }
    let data_rva = pe::TEXT_RVA + text.len() as u32;
    text.extend_from_slice(&asm.data);
    while !text.len().is_multiple_of(4) {
        text.push(0);
    }

    // Tables.
    let mut t = Tables::new();
    let file_name = format!("{}.exe", asm.name);
    let name = r.strings.add(&file_name);
    let mut guids = GuidHeap::default();
    let g = guids.add(mvid(asm));
    t.push(
        table::MODULE,
        vec![
            Col::U16(0),
            Col::Str(name),
            Col::Guid(g),
            Col::Guid(0),
            Col::Guid(0),
        ],
    );
    // TypeDef rows.
    let module_name = r.strings.add("<Module>");
    t.push(
        table::TYPE_DEF,
        vec![
            Col::U32(0),
            Col::Str(module_name),
            Col::Str(0),
            Col::Coded(Coded::TypeDefOrRef, 0),
            Col::Index(table::FIELD, 1),
            Col::Index(table::METHOD_DEF, 1),
        ],
    );
    let (mut next_field, mut next_method) = (1u32, 1u32);
    let mut layouts = Vec::new();
    for tid in &order {
        let td = &asm.types[tid.0 as usize];
        let extends = td.extends.map(|b| r.type_def_or_ref(b)).unwrap_or(0);
        let row = vec![
            Col::U32(td.flags),
            Col::Str(r.strings.add(&td.name)),
            Col::Str(r.strings.add(&td.namespace)),
            Col::Coded(Coded::TypeDefOrRef, extends),
            Col::Index(table::FIELD, next_field),
            Col::Index(table::METHOD_DEF, next_method),
        ];
        let type_row = t.push(table::TYPE_DEF, row);
        if let Some((pack, size)) = td.layout {
            layouts.push(vec![
                Col::U16(pack),
                Col::U32(size),
                Col::Index(table::TYPE_DEF, type_row),
            ]);
        }
        next_field += td.fields.len() as u32;
        next_method += td.methods.len() as u32;
    }
    let mut field_rvas = Vec::new();
    for tid in &order {
        for fid in &asm.types[tid.0 as usize].fields {
            let f = &asm.fields[fid.0 as usize];
            let sig = r.field_sig_blob(&f.ty);
            let row = t.push(
                table::FIELD,
                vec![
                    Col::U16(f.flags),
                    Col::Str(r.strings.add(&f.name)),
                    Col::Blob(sig),
                ],
            );
            if let Some(off) = f.data {
                field_rvas.push(vec![
                    Col::U32(data_rva + off),
                    Col::Index(table::FIELD, row),
                ]);
            }
        }
    }
    for tid in &order {
        for mid in &asm.types[tid.0 as usize].methods {
            let m = &asm.methods[mid.0 as usize];
            let sig = r.method_sig_blob(&m.sig);
            t.push(
                table::METHOD_DEF,
                vec![
                    Col::U32(method_rva[mid.0 as usize]),
                    Col::U16(m.impl_flags),
                    Col::U16(m.flags),
                    Col::Str(r.strings.add(&m.name)),
                    Col::Blob(sig),
                    Col::Index(table::PARAM, 1),
                ],
            );
        }
    }
    for mr in &asm.member_refs {
        let parent = match mr.parent {
            TypeRef::Def(id) => {
                Coded::MemberRefParent.encode(table::TYPE_DEF, r.rows.type_row[id.0 as usize])
            }
            TypeRef::Ext(id) => Coded::MemberRefParent.encode(table::TYPE_REF, id.0 + 1),
        };
        let sig = match &mr.sig {
            MemberSig::Field(ty) => r.field_sig_blob(ty),
            MemberSig::Method(s) => r.method_sig_blob(s),
        };
        t.push(
            table::MEMBER_REF,
            vec![
                Col::Coded(Coded::MemberRefParent, parent),
                Col::Str(r.strings.add(&mr.name)),
                Col::Blob(sig),
            ],
        );
    }
    // TypeRefs last among the name-bearing rows: encoding may have added some.
    let scope = Coded::ResolutionScope.encode(table::ASSEMBLY_REF, 1);
    for e in r.ext_types.clone() {
        let row = vec![
            Col::Coded(Coded::ResolutionScope, scope),
            Col::Str(r.strings.add(&e.name)),
            Col::Str(r.strings.add(&e.namespace)),
        ];
        t.push(table::TYPE_REF, row);
    }
    for row in layouts {
        t.push(table::CLASS_LAYOUT, row);
    }
    for &blob in &r.sigs {
        t.push(table::STAND_ALONE_SIG, vec![Col::Blob(blob)]);
    }
    for &blob in &r.type_specs {
        t.push(table::TYPE_SPEC, vec![Col::Blob(blob)]);
    }
    for row in field_rvas {
        t.push(table::FIELD_RVA, row);
    }
    let asm_name = r.strings.add(&asm.name);
    t.push(
        table::ASSEMBLY,
        vec![
            Col::U32(0x8004),
            Col::U16(0),
            Col::U16(0),
            Col::U16(0),
            Col::U16(0),
            Col::U32(0),
            Col::Blob(0),
            Col::Str(asm_name),
            Col::Str(0),
        ],
    );
    let token = r
        .blobs
        .add(&[0xb7, 0x7a, 0x5c, 0x56, 0x19, 0x34, 0xe0, 0x89]);
    let mscorlib = r.strings.add("mscorlib");
    t.push(
        table::ASSEMBLY_REF,
        vec![
            Col::U16(4),
            Col::U16(0),
            Col::U16(0),
            Col::U16(0),
            Col::U32(0),
            Col::Blob(token),
            Col::Str(mscorlib),
            Col::Str(0),
            Col::Blob(0),
        ],
    );

    if r.us.overflowed() {
        return Err("the program's string constants exceed the 16 MiB an assembly can hold".into());
    }
    let heaps = HeapSizes {
        strings_wide: r.strings.bytes.len() > 0xFFFF,
        guid_wide: guids.bytes.len() / 16 > 0xFFFF,
        blob_wide: r.blobs.bytes.len() > 0xFFFF,
    };
    let tables = t.serialize(heaps);
    let pad = |mut v: Vec<u8>| {
        while !v.len().is_multiple_of(4) {
            v.push(0);
        }
        v
    };
    let streams: Vec<(&str, Vec<u8>)> = vec![
        ("#~", tables),
        ("#Strings", pad(r.strings.bytes.clone())),
        ("#US", pad(r.us.bytes.clone())),
        ("#GUID", guids.bytes.clone()),
        ("#Blob", pad(r.blobs.bytes.clone())),
    ];
    let metadata = metadata_root(&streams);
    let metadata_rva = pe::TEXT_RVA + text.len() as u32;
    text.extend_from_slice(&metadata);

    // CLI header.
    let entry = asm.entry.ok_or("the assembly has no entry point")?;
    let mut cli = Vec::with_capacity(72);
    cli.extend_from_slice(&72u32.to_le_bytes());
    cli.extend_from_slice(&2u16.to_le_bytes());
    cli.extend_from_slice(&5u16.to_le_bytes());
    cli.extend_from_slice(&metadata_rva.to_le_bytes());
    cli.extend_from_slice(&(metadata.len() as u32).to_le_bytes());
    cli.extend_from_slice(&1u32.to_le_bytes()); // IL only
    cli.extend_from_slice(&(0x0600_0000 | r.rows.method_row[entry.0 as usize]).to_le_bytes());
    cli.resize(72, 0);
    text[8..80].copy_from_slice(&cli);
    let layout = pe::append_imports(&mut text, 0, 8);
    Ok(pe::image(&text, &layout))
}

/// The metadata root (II.24.2.1) followed by the streams.
fn metadata_root(streams: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let version = b"v4.0.30319\0\0";
    let mut out = Vec::new();
    out.extend_from_slice(&0x424A_5342u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&(version.len() as u32).to_le_bytes());
    out.extend_from_slice(version);
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&(streams.len() as u16).to_le_bytes());
    let header_len: usize = out.len()
        + streams
            .iter()
            .map(|(name, _)| 8 + (name.len() + 1).div_ceil(4) * 4)
            .sum::<usize>();
    let mut offset = header_len as u32;
    for (name, data) in streams {
        out.extend_from_slice(&offset.to_le_bytes());
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.push(0);
        while !out.len().is_multiple_of(4) {
            out.push(0);
        }
        offset += data.len() as u32;
    }
    for (_, data) in streams {
        out.extend_from_slice(data);
    }
    out
}

/// The row a method definition gets (for tests and listings).
pub fn method_rows(asm: &Assembly) -> Result<Vec<u32>, String> {
    Ok(number_rows(asm)?.method_row)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::model::{method_flags, type_flags};

    #[test]
    fn bases_are_numbered_before_derived_types() {
        let mut asm = Assembly::new("t");
        let obj = asm.ext_type("System", "Object");
        let d = asm.add_type("", "D", type_flags::PUBLIC, None);
        let b = asm.add_type("", "B", type_flags::PUBLIC, Some(obj));
        asm.types[d.0 as usize].extends = Some(TypeRef::Def(b));
        let rows = number_rows(&asm).unwrap();
        assert_eq!(rows.type_row[b.0 as usize], 2);
        assert_eq!(rows.type_row[d.0 as usize], 3);
        asm.types[b.0 as usize].extends = Some(TypeRef::Def(d));
        assert!(number_rows(&asm).is_err());
    }

    #[test]
    fn tiny_and_fat_headers() {
        let mut asm = Assembly::new("t");
        let obj = asm.ext_type("System", "Object");
        let c = asm.add_type("", "C", type_flags::PUBLIC, Some(obj));
        let m = asm.add_method(
            c,
            "M",
            method_flags::STATIC,
            MethodSig::stat(vec![], Ty::Void),
        );
        let rows = number_rows(&asm).unwrap();
        let mut r = Resolver {
            rows,
            ext_types: vec![],
            type_specs: vec![],
            type_spec_index: HashMap::new(),
            strings: StringHeap::default(),
            us: UserStringHeap::default(),
            blobs: BlobHeap::default(),
            sigs: vec![],
        };
        let tiny = Body {
            code: vec![0x2a],
            max_stack: 0,
            ..Default::default()
        };
        assert_eq!(r.body_bytes(&tiny), vec![(1 << 2) | 2, 0x2a]);
        let fat = Body {
            code: vec![0x2a],
            max_stack: 1,
            locals: vec![Ty::I8],
            ..Default::default()
        };
        let bytes = r.body_bytes(&fat);
        assert_eq!(bytes.len(), 13);
        assert_eq!(u16::from_le_bytes([bytes[0], bytes[1]]), 0x3013);
        assert_eq!(
            u32::from_le_bytes(bytes[8..12].try_into().unwrap()),
            0x1100_0001
        );
        let _ = m;
    }
}
