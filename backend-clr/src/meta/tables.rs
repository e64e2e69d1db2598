//! The `#~` stream (ECMA-335 II.24.2.6): metadata tables as rows of columns,
//! with index and coded-index widths chosen from the row counts.

/// Table numbers used by the backend (II.22).
pub mod table {
    pub const MODULE: usize = 0x00;
    pub const TYPE_REF: usize = 0x01;
    pub const TYPE_DEF: usize = 0x02;
    pub const FIELD: usize = 0x04;
    pub const METHOD_DEF: usize = 0x06;
    pub const PARAM: usize = 0x08;
    pub const MEMBER_REF: usize = 0x0A;
    pub const CLASS_LAYOUT: usize = 0x0F;
    pub const STAND_ALONE_SIG: usize = 0x11;
    pub const TYPE_SPEC: usize = 0x1B;
    pub const FIELD_RVA: usize = 0x1D;
    pub const ASSEMBLY: usize = 0x20;
    pub const ASSEMBLY_REF: usize = 0x23;
    pub const MODULE_REF: usize = 0x1A;
}

/// Coded index kinds (II.24.2.6) used by the backend.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Coded {
    /// TypeDef, TypeRef, TypeSpec.
    TypeDefOrRef,
    /// TypeDef, TypeRef, ModuleRef, MethodDef, TypeSpec.
    MemberRefParent,
    /// Module, ModuleRef, AssemblyRef, TypeRef.
    ResolutionScope,
}

impl Coded {
    /// The tables a coded index of this kind may name, in tag order.
    pub fn tables(self) -> &'static [usize] {
        use table::*;
        match self {
            Coded::TypeDefOrRef => &[TYPE_DEF, TYPE_REF, TYPE_SPEC],
            Coded::MemberRefParent => &[TYPE_DEF, TYPE_REF, MODULE_REF, METHOD_DEF, TYPE_SPEC],
            Coded::ResolutionScope => &[MODULE, MODULE_REF, ASSEMBLY_REF, TYPE_REF],
        }
    }

    /// Number of tag bits.
    pub fn tag_bits(self) -> u32 {
        match self {
            Coded::TypeDefOrRef | Coded::ResolutionScope => 2,
            Coded::MemberRefParent => 3,
        }
    }

    /// The coded value naming `row` of `table`.
    pub fn encode(self, table: usize, row: u32) -> u32 {
        let tag = self
            .tables()
            .iter()
            .position(|&t| t == table)
            .expect("table not in coded index kind");
        (row << self.tag_bits()) | tag as u32
    }
}

/// One column value of a row.
#[derive(Copy, Clone, Debug)]
pub enum Col {
    /// A 2-byte constant.
    U16(u16),
    /// A 4-byte constant.
    U32(u32),
    /// An offset into `#Strings`.
    Str(u32),
    /// An index into `#GUID`.
    Guid(u32),
    /// An offset into `#Blob`.
    Blob(u32),
    /// A row index of a table.
    Index(usize, u32),
    /// A coded index (already encoded).
    Coded(Coded, u32),
}

/// All tables with their rows.
#[derive(Debug, Default)]
pub struct Tables {
    rows: Vec<Vec<Vec<Col>>>,
}

/// Widths of heap indices.
#[derive(Copy, Clone, Debug)]
pub struct HeapSizes {
    pub strings_wide: bool,
    pub guid_wide: bool,
    pub blob_wide: bool,
}

impl Tables {
    /// Empty tables.
    pub fn new() -> Self {
        Tables {
            rows: vec![Vec::new(); 64],
        }
    }

    /// Appends a row to `table`; its 1-based row number.
    pub fn push(&mut self, table: usize, row: Vec<Col>) -> u32 {
        self.rows[table].push(row);
        self.rows[table].len() as u32
    }

    /// Number of rows of `table`.
    pub fn count(&self, table: usize) -> u32 {
        self.rows[table].len() as u32
    }

    fn index_wide(&self, table: usize) -> bool {
        self.count(table) > 0xFFFF
    }

    fn coded_wide(&self, c: Coded) -> bool {
        let max = c.tables().iter().map(|&t| self.count(t)).max().unwrap_or(0);
        max >= (1u32 << (16 - c.tag_bits()))
    }

    /// The `#~` stream bytes (padded to 4).
    pub fn serialize(&self, heaps: HeapSizes) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(&0u32.to_le_bytes());
        out.push(2); // major version
        out.push(0);
        let mut hs = 0u8;
        if heaps.strings_wide {
            hs |= 1;
        }
        if heaps.guid_wide {
            hs |= 2;
        }
        if heaps.blob_wide {
            hs |= 4;
        }
        out.push(hs);
        out.push(1);
        let mut valid = 0u64;
        for (t, rows) in self.rows.iter().enumerate() {
            if !rows.is_empty() {
                valid |= 1 << t;
            }
        }
        out.extend_from_slice(&valid.to_le_bytes());
        out.extend_from_slice(&0x0000_1600_3301_FA00u64.to_le_bytes());
        for rows in &self.rows {
            if !rows.is_empty() {
                out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
            }
        }
        for rows in &self.rows {
            for row in rows {
                for col in row {
                    let (v, wide) = match *col {
                        Col::U16(v) => (v as u32, false),
                        Col::U32(v) => (v, true),
                        Col::Str(v) => (v, heaps.strings_wide),
                        Col::Guid(v) => (v, heaps.guid_wide),
                        Col::Blob(v) => (v, heaps.blob_wide),
                        Col::Index(t, v) => (v, self.index_wide(t)),
                        Col::Coded(c, v) => (v, self.coded_wide(c)),
                    };
                    if wide {
                        out.extend_from_slice(&v.to_le_bytes());
                    } else {
                        out.extend_from_slice(&(v as u16).to_le_bytes());
                    }
                }
            }
        }
        while !out.len().is_multiple_of(4) {
            out.push(0);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coded_indices_carry_their_tag() {
        assert_eq!(Coded::TypeDefOrRef.encode(table::TYPE_REF, 3), (3 << 2) | 1);
        assert_eq!(
            Coded::MemberRefParent.encode(table::TYPE_SPEC, 1),
            (1 << 3) | 4
        );
        assert_eq!(
            Coded::ResolutionScope.encode(table::ASSEMBLY_REF, 1),
            (1 << 2) | 2
        );
    }

    #[test]
    fn narrow_tables_serialize_two_byte_columns() {
        let mut t = Tables::new();
        t.push(
            table::TYPE_REF,
            vec![
                Col::Coded(Coded::ResolutionScope, 6),
                Col::Str(10),
                Col::Str(20),
            ],
        );
        let sizes = HeapSizes {
            strings_wide: false,
            guid_wide: false,
            blob_wide: false,
        };
        let bytes = t.serialize(sizes);
        // header 24 bytes + 1 row count + one row of 3 two-byte columns, padded.
        assert_eq!(bytes.len(), 24 + 4 + 8);
        assert_eq!(&bytes[28..34], &[6, 0, 10, 0, 20, 0]);
        assert_eq!(
            u64::from_le_bytes(bytes[8..16].try_into().unwrap()),
            1 << table::TYPE_REF
        );
    }
}
