//! Reads back the assemblies the writer produces: PE headers, the CLI
//! header, metadata heaps and the tables this backend emits, with names and
//! signatures resolved. [`super::listing`] prints an IL listing from it.
//!
//! It understands exactly the tables the writer can produce and rejects a
//! file with any other table, so a listing never silently drops data.

use super::tables::table;

/// A decoded type in a signature.
#[derive(Clone, Debug, PartialEq)]
pub enum SigType {
    /// A primitive, by its IL name (`int64`, `string`, ...).
    Prim(&'static str),
    /// A class or value type, by full name.
    Named(String, bool),
    /// A single-dimensional array.
    Array(Box<SigType>),
}

impl std::fmt::Display for SigType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SigType::Prim(p) => write!(f, "{p}"),
            SigType::Named(n, true) => write!(f, "valuetype {n}"),
            SigType::Named(n, false) => write!(f, "class {n}"),
            SigType::Array(e) => write!(f, "{e}[]"),
        }
    }
}

/// A method signature.
#[derive(Clone, Debug, PartialEq)]
pub struct Sig {
    /// Instance method.
    pub has_this: bool,
    /// Result.
    pub ret: SigType,
    /// Parameters.
    pub params: Vec<SigType>,
}

/// A decoded exception clause.
#[derive(Clone, Debug, PartialEq)]
pub struct EhClause {
    /// 0 catch, 2 finally.
    pub flags: u32,
    /// Protected range start and length.
    pub try_range: (u32, u32),
    /// Handler range start and length.
    pub handler_range: (u32, u32),
    /// Catch class token.
    pub class_token: u32,
}

/// A method body.
#[derive(Clone, Debug, PartialEq)]
pub struct BodyData {
    /// `.maxstack`.
    pub max_stack: u16,
    /// Local types.
    pub locals: Vec<SigType>,
    /// IL bytes.
    pub code: Vec<u8>,
    /// Exception clauses.
    pub clauses: Vec<EhClause>,
}

/// A method definition.
#[derive(Clone, Debug)]
pub struct MethodData {
    /// Name.
    pub name: String,
    /// Flags.
    pub flags: u16,
    /// Implementation flags.
    pub impl_flags: u16,
    /// Signature.
    pub sig: Sig,
    /// Body, if any.
    pub body: Option<BodyData>,
}

/// A field definition.
#[derive(Clone, Debug)]
pub struct FieldData {
    /// Name.
    pub name: String,
    /// Flags.
    pub flags: u16,
    /// Type.
    pub ty: SigType,
}

/// A type definition with its members.
#[derive(Clone, Debug)]
pub struct TypeData {
    /// `Namespace.Name`.
    pub name: String,
    /// Flags.
    pub flags: u32,
    /// Base type name.
    pub extends: Option<String>,
    /// Fields.
    pub fields: Vec<FieldData>,
    /// Methods.
    pub methods: Vec<MethodData>,
}

/// A whole decoded module.
#[derive(Clone, Debug)]
pub struct Module {
    /// Assembly name.
    pub name: String,
    /// Metadata version string.
    pub version: String,
    /// Type definitions in row order (`<Module>` first).
    pub types: Vec<TypeData>,
    /// Entry point token.
    pub entry: u32,
    /// Names of tokens used in IL (types, fields, methods, strings).
    tokens: Tokens,
}

#[derive(Clone, Debug, Default)]
struct Tokens {
    type_refs: Vec<String>,
    type_defs: Vec<String>,
    type_specs: Vec<String>,
    fields: Vec<String>,
    methods: Vec<String>,
    member_refs: Vec<String>,
    user_strings: Vec<u8>,
}

type R<T> = Result<T, String>;

struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn u8(&self, at: usize) -> R<u8> {
        self.0
            .get(at)
            .copied()
            .ok_or_else(|| format!("read past the end at {at:#x}"))
    }
    fn u16(&self, at: usize) -> R<u16> {
        Ok(u16::from_le_bytes([self.u8(at)?, self.u8(at + 1)?]))
    }
    fn u32(&self, at: usize) -> R<u32> {
        Ok(u32::from_le_bytes([
            self.u8(at)?,
            self.u8(at + 1)?,
            self.u8(at + 2)?,
            self.u8(at + 3)?,
        ]))
    }
    fn slice(&self, at: usize, len: usize) -> R<&[u8]> {
        self.0
            .get(at..at + len)
            .ok_or_else(|| format!("range {at:#x}+{len} out of the file"))
    }
}

/// Reads a compressed unsigned integer at `*at`.
pub fn read_compressed(b: &[u8], at: &mut usize) -> R<u32> {
    let first = *b.get(*at).ok_or("truncated blob")?;
    let (v, n) = if first & 0x80 == 0 {
        (first as u32, 1)
    } else if first & 0xC0 == 0x80 {
        let second = *b.get(*at + 1).ok_or("truncated blob")?;
        ((((first & 0x3F) as u32) << 8) | second as u32, 2)
    } else {
        let rest = b.get(*at + 1..*at + 4).ok_or("truncated blob")?;
        (
            (((first & 0x1F) as u32) << 24)
                | ((rest[0] as u32) << 16)
                | ((rest[1] as u32) << 8)
                | rest[2] as u32,
            4,
        )
    };
    *at += n;
    Ok(v)
}

/// Column kinds of the tables the writer emits.
#[derive(Copy, Clone)]
enum C {
    U16,
    U32,
    Str,
    Guid,
    Blob,
    Idx(usize),
    Coded(&'static [usize], u32),
}

const TDOR: &[usize] = &[table::TYPE_DEF, table::TYPE_REF, table::TYPE_SPEC];
const MRP: &[usize] = &[
    table::TYPE_DEF,
    table::TYPE_REF,
    table::MODULE_REF,
    table::METHOD_DEF,
    table::TYPE_SPEC,
];
const RS: &[usize] = &[
    table::MODULE,
    table::MODULE_REF,
    table::ASSEMBLY_REF,
    table::TYPE_REF,
];

fn schema(t: usize) -> Option<Vec<C>> {
    use C::*;
    Some(match t {
        table::MODULE => vec![U16, Str, Guid, Guid, Guid],
        table::TYPE_REF => vec![Coded(RS, 2), Str, Str],
        table::TYPE_DEF => vec![
            U32,
            Str,
            Str,
            Coded(TDOR, 2),
            Idx(table::FIELD),
            Idx(table::METHOD_DEF),
        ],
        table::FIELD => vec![U16, Str, Blob],
        table::METHOD_DEF => vec![U32, U16, U16, Str, Blob, Idx(table::PARAM)],
        table::PARAM => vec![U16, U16, Str],
        table::MEMBER_REF => vec![Coded(MRP, 3), Str, Blob],
        table::CLASS_LAYOUT => vec![U16, U32, Idx(table::TYPE_DEF)],
        table::STAND_ALONE_SIG => vec![Blob],
        table::TYPE_SPEC => vec![Blob],
        table::FIELD_RVA => vec![U32, Idx(table::FIELD)],
        table::ASSEMBLY => vec![U32, U16, U16, U16, U16, U32, Blob, Str, Str],
        table::ASSEMBLY_REF => vec![U16, U16, U16, U16, U32, Blob, Str, Str, Blob],
        _ => return None,
    })
}

struct Raw<'a> {
    strings: &'a [u8],
    blobs: &'a [u8],
    rows: Vec<Vec<Vec<u32>>>,
}

impl Raw<'_> {
    fn string(&self, at: u32) -> R<String> {
        let rest = self
            .strings
            .get(at as usize..)
            .ok_or("bad #Strings offset")?;
        let end = rest
            .iter()
            .position(|&b| b == 0)
            .ok_or("unterminated string")?;
        Ok(String::from_utf8_lossy(&rest[..end]).into_owned())
    }

    fn blob(&self, at: u32) -> R<&[u8]> {
        let mut p = at as usize;
        let len = read_compressed(self.blobs, &mut p)? as usize;
        self.blobs
            .get(p..p + len)
            .ok_or_else(|| "bad #Blob offset".to_string())
    }

    fn row(&self, t: usize, r: u32) -> R<&Vec<u32>> {
        self.rows[t]
            .get(r as usize - 1)
            .ok_or_else(|| format!("row {r} of table {t:#x} missing"))
    }
}

/// Reads a module from the bytes of a `.exe`.
pub fn read(file: &[u8]) -> R<Module> {
    let b = Bytes(file);
    if b.slice(0, 2)? != b"MZ" {
        return Err("not a PE file".into());
    }
    let pe = b.u32(0x3c)? as usize;
    if b.slice(pe, 4)? != b"PE\0\0" {
        return Err("no PE signature".into());
    }
    let nsections = b.u16(pe + 6)? as usize;
    let opt = pe + 24;
    let opt_size = b.u16(pe + 20)? as usize;
    let cli_rva = b.u32(opt + 96 + 14 * 8)?;
    let sections: Vec<(u32, u32, u32)> = (0..nsections)
        .map(|i| {
            let s = opt + opt_size + 40 * i;
            Ok((b.u32(s + 12)?, b.u32(s + 8)?, b.u32(s + 20)?))
        })
        .collect::<R<_>>()?;
    let at = |rva: u32| -> R<usize> {
        sections
            .iter()
            .find(|(va, size, _)| rva >= *va && rva < va + size)
            .map(|(va, _, ptr)| (rva - va + ptr) as usize)
            .ok_or_else(|| format!("RVA {rva:#x} is in no section"))
    };
    let cli = at(cli_rva)?;
    let md = at(b.u32(cli + 8)?)?;
    let entry = b.u32(cli + 20)?;
    if b.u32(md)? != 0x424A_5342 {
        return Err("no metadata signature".into());
    }
    let vlen = b.u32(md + 12)? as usize;
    let version = String::from_utf8_lossy(b.slice(md + 16, vlen)?)
        .trim_end_matches('\0')
        .to_string();
    let mut p = md + 16 + vlen + 2;
    let nstreams = b.u16(p)? as usize;
    p += 2;
    let mut streams = std::collections::HashMap::new();
    for _ in 0..nstreams {
        let (off, size) = (b.u32(p)? as usize, b.u32(p + 4)? as usize);
        p += 8;
        let mut name = String::new();
        while b.u8(p)? != 0 {
            name.push(b.u8(p)? as char);
            p += 1;
        }
        p = (p + 4) & !3;
        streams.insert(name, b.slice(md + off, size)?);
    }
    let get = |n: &str| {
        streams
            .get(n)
            .copied()
            .ok_or_else(|| format!("no {n} stream"))
    };
    let (tilde, strings, us, blobs) = (get("#~")?, get("#Strings")?, get("#US")?, get("#Blob")?);
    let t = Bytes(tilde);
    let heap = t.u8(6)?;
    let valid = u64::from_le_bytes(tilde[8..16].try_into().map_err(|_| "short #~")?);
    let mut counts = [0u32; 64];
    let mut q = 24;
    for (i, c) in counts.iter_mut().enumerate() {
        if valid & (1 << i) != 0 {
            *c = t.u32(q)?;
            q += 4;
        }
    }
    let width = |c: C| -> usize {
        match c {
            C::U16 => 2,
            C::U32 => 4,
            C::Str => 2 + 2 * (heap & 1) as usize,
            C::Guid => 2 + 2 * ((heap >> 1) & 1) as usize,
            C::Blob => 2 + 2 * ((heap >> 2) & 1) as usize,
            C::Idx(tb) => {
                if counts[tb] > 0xFFFF {
                    4
                } else {
                    2
                }
            }
            C::Coded(tabs, bits) => {
                let max = tabs.iter().map(|&tb| counts[tb]).max().unwrap_or(0);
                if max >= 1 << (16 - bits) {
                    4
                } else {
                    2
                }
            }
        }
    };
    let mut rows = vec![Vec::new(); 64];
    for (tb, &n) in counts.iter().enumerate() {
        if n == 0 {
            continue;
        }
        let cols =
            schema(tb).ok_or_else(|| format!("table {tb:#x} is not one this reader knows"))?;
        for _ in 0..n {
            let mut row = Vec::with_capacity(cols.len());
            for &c in &cols {
                let w = width(c);
                row.push(if w == 2 { t.u16(q)? as u32 } else { t.u32(q)? });
                q += w;
            }
            rows[tb].push(row);
        }
    }
    let raw = Raw {
        strings,
        blobs,
        rows,
    };
    super::listing::build_module(&raw_view(&raw), file, &at, entry, version, us)
}

/// The decoded tables handed to [`super::listing`].
pub struct RawView<'a> {
    raw: &'a Raw<'a>,
}

fn raw_view<'a>(raw: &'a Raw<'a>) -> RawView<'a> {
    RawView { raw }
}

impl RawView<'_> {
    /// Number of rows of table `t`.
    pub fn count(&self, t: usize) -> u32 {
        self.raw.rows[t].len() as u32
    }
    /// Column `c` of row `r` (1-based) of table `t`.
    pub fn col(&self, t: usize, r: u32, c: usize) -> R<u32> {
        Ok(self.raw.row(t, r)?[c])
    }
    /// A `#Strings` entry.
    pub fn string(&self, at: u32) -> R<String> {
        self.raw.string(at)
    }
    /// A `#Blob` entry.
    pub fn blob(&self, at: u32) -> R<Vec<u8>> {
        Ok(self.raw.blob(at)?.to_vec())
    }
}

impl Module {
    /// A readable name for a metadata token.
    pub fn token_name(&self, tok: u32) -> String {
        let row = (tok & 0x00FF_FFFF) as usize;
        let pick = |v: &Vec<String>| {
            v.get(row.wrapping_sub(1))
                .cloned()
                .unwrap_or_else(|| format!("<bad token {tok:#010x}>"))
        };
        match tok >> 24 {
            0x01 => pick(&self.tokens.type_refs),
            0x02 => pick(&self.tokens.type_defs),
            0x1B => pick(&self.tokens.type_specs),
            0x04 => pick(&self.tokens.fields),
            0x06 => pick(&self.tokens.methods),
            0x0A => pick(&self.tokens.member_refs),
            0x70 => self
                .user_string(row)
                .unwrap_or_else(|| format!("<bad string {tok:#x}>")),
            _ => format!("<token {tok:#010x}>"),
        }
    }

    fn user_string(&self, at: usize) -> Option<String> {
        let us = &self.tokens.user_strings;
        let mut p = at;
        let len = read_compressed(us, &mut p).ok()? as usize;
        let bytes = us.get(p..p + len.saturating_sub(1))?;
        let units: Vec<u16> = bytes
            .chunks(2)
            .map(|c| u16::from_le_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        Some(format!("{:?}", String::from_utf16_lossy(&units)))
    }

    /// Builds a module from decoded parts (used by the listing builder).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn assemble(
        name: String,
        version: String,
        types: Vec<TypeData>,
        entry: u32,
        type_refs: Vec<String>,
        type_defs: Vec<String>,
        type_specs: Vec<String>,
        fields: Vec<String>,
        methods: Vec<String>,
        member_refs: Vec<String>,
        user_strings: Vec<u8>,
    ) -> Module {
        Module {
            name,
            version,
            types,
            entry,
            tokens: Tokens {
                type_refs,
                type_defs,
                type_specs,
                fields,
                methods,
                member_refs,
                user_strings,
            },
        }
    }
}
