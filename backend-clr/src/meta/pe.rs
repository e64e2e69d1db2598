//! The PE/COFF image around the CLI data (ECMA-335 II.25): a PE32 console
//! executable with one `.text` section (import address table, CLI header,
//! IL bodies, data, metadata, the import of `mscoree.dll!_CorExeMain` and its
//! entry stub) and a `.reloc` section for the stub's one absolute address.

/// Where the writer placed things inside `.text`, as offsets from its start.
#[derive(Debug, Clone, Copy)]
pub struct TextLayout {
    /// Import address table (8 bytes).
    pub iat: u32,
    /// CLI header (72 bytes).
    pub cli_header: u32,
    /// Import directory (with lookup table, hint/name and DLL name).
    pub import_dir: u32,
    /// Size of the import directory table (two 20-byte entries).
    pub import_dir_size: u32,
    /// Entry stub (`jmp [IAT]`).
    pub stub: u32,
}

/// The relative virtual address of `.text`.
pub const TEXT_RVA: u32 = 0x2000;
const FILE_ALIGN: u32 = 0x200;
const SECTION_ALIGN: u32 = 0x2000;
const IMAGE_BASE: u32 = 0x0040_0000;
const HEADERS_SIZE: u32 = 0x200;

fn align(v: u32, a: u32) -> u32 {
    v.div_ceil(a) * a
}

/// Appends the import directory, lookup table, hint/name entry, DLL name
/// and entry stub to `text`, filling the IAT at `layout.iat`; returns the layout.
pub fn append_imports(text: &mut Vec<u8>, iat: u32, cli_header: u32) -> TextLayout {
    while !text.len().is_multiple_of(4) {
        text.push(0);
    }
    let import_dir = text.len() as u32;
    let ilt = import_dir + 40;
    let hint_name = ilt + 8;
    let dll_name = hint_name + 14; // u16 hint + "_CorExeMain\0"
    let mut dir = Vec::new();
    dir.extend_from_slice(&(TEXT_RVA + ilt).to_le_bytes()); // import lookup table
    dir.extend_from_slice(&0u32.to_le_bytes()); // time stamp
    dir.extend_from_slice(&0u32.to_le_bytes()); // forwarder chain
    dir.extend_from_slice(&(TEXT_RVA + dll_name).to_le_bytes());
    dir.extend_from_slice(&(TEXT_RVA + iat).to_le_bytes());
    dir.extend_from_slice(&[0; 20]);
    dir.extend_from_slice(&(TEXT_RVA + hint_name).to_le_bytes());
    dir.extend_from_slice(&0u32.to_le_bytes());
    dir.extend_from_slice(&0u16.to_le_bytes());
    dir.extend_from_slice(b"_CorExeMain\0");
    dir.extend_from_slice(b"mscoree.dll\0");
    text.extend_from_slice(&dir);
    // The stub's address operand must be 4-byte aligned.
    while !(text.len() + 2).is_multiple_of(4) {
        text.push(0);
    }
    let stub = text.len() as u32;
    text.extend_from_slice(&[0xFF, 0x25]);
    text.extend_from_slice(&(IMAGE_BASE + TEXT_RVA + iat).to_le_bytes());
    let iat_bytes = (TEXT_RVA + hint_name).to_le_bytes();
    text[iat as usize..iat as usize + 4].copy_from_slice(&iat_bytes);
    TextLayout {
        iat,
        cli_header,
        import_dir,
        import_dir_size: 40,
        stub,
    }
}

/// The whole file: headers, `.text` (`text`, laid out as `layout` says) and `.reloc`.
pub fn image(text: &[u8], layout: &TextLayout) -> Vec<u8> {
    let text_size = text.len() as u32;
    let text_raw = align(text_size, FILE_ALIGN);
    let reloc_rva = align(TEXT_RVA + text_size, SECTION_ALIGN);
    let fixup = TEXT_RVA + layout.stub + 2;
    let page = fixup & !0xFFF;
    let mut reloc = Vec::new();
    reloc.extend_from_slice(&page.to_le_bytes());
    reloc.extend_from_slice(&12u32.to_le_bytes());
    reloc.extend_from_slice(&((3u16 << 12) | (fixup - page) as u16).to_le_bytes());
    reloc.extend_from_slice(&0u16.to_le_bytes());
    let reloc_size = reloc.len() as u32;
    let reloc_raw = align(reloc_size, FILE_ALIGN);
    let image_size = align(reloc_rva + reloc_size, SECTION_ALIGN);

    let mut out = Vec::with_capacity((HEADERS_SIZE + text_raw + reloc_raw) as usize);
    // DOS header and stub.
    let mut dos = [0u8; 0x80];
    dos[0] = b'M';
    dos[1] = b'Z';
    dos[2..4].copy_from_slice(&0x90u16.to_le_bytes());
    dos[4..6].copy_from_slice(&3u16.to_le_bytes());
    dos[8..10].copy_from_slice(&4u16.to_le_bytes());
    dos[0x0c..0x0e].copy_from_slice(&0xFFFFu16.to_le_bytes());
    dos[0x10..0x12].copy_from_slice(&0xB8u16.to_le_bytes());
    dos[0x18..0x1a].copy_from_slice(&0x40u16.to_le_bytes());
    dos[0x3c..0x40].copy_from_slice(&0x80u32.to_le_bytes());
    let stub_code: [u8; 14] = [
        0x0e, 0x1f, 0xba, 0x0e, 0x00, 0xb4, 0x09, 0xcd, 0x21, 0xb8, 0x01, 0x4c, 0xcd, 0x21,
    ];
    dos[0x40..0x4e].copy_from_slice(&stub_code);
    let msg = b"This program cannot be run in DOS mode.\r\r\n$";
    dos[0x4e..0x4e + msg.len()].copy_from_slice(msg);
    out.extend_from_slice(&dos);
    out.extend_from_slice(b"PE\0\0");
    // COFF header.
    out.extend_from_slice(&0x014cu16.to_le_bytes()); // i386
    out.extend_from_slice(&2u16.to_le_bytes()); // sections
    out.extend_from_slice(&0u32.to_le_bytes()); // time stamp (reproducible)
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&0xE0u16.to_le_bytes()); // optional header size
    out.extend_from_slice(&0x0102u16.to_le_bytes()); // executable, 32-bit
                                                     // Optional header (PE32).
    out.extend_from_slice(&0x010bu16.to_le_bytes());
    out.push(8);
    out.push(0);
    out.extend_from_slice(&text_raw.to_le_bytes()); // size of code
    out.extend_from_slice(&reloc_raw.to_le_bytes()); // size of initialized data
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&(TEXT_RVA + layout.stub).to_le_bytes()); // entry point
    out.extend_from_slice(&TEXT_RVA.to_le_bytes()); // base of code
    out.extend_from_slice(&reloc_rva.to_le_bytes()); // base of data
    out.extend_from_slice(&IMAGE_BASE.to_le_bytes());
    out.extend_from_slice(&SECTION_ALIGN.to_le_bytes());
    out.extend_from_slice(&FILE_ALIGN.to_le_bytes());
    for v in [4u16, 0, 0, 0, 4, 0] {
        out.extend_from_slice(&v.to_le_bytes()); // OS, image, subsystem versions
    }
    out.extend_from_slice(&0u32.to_le_bytes()); // Win32 version
    out.extend_from_slice(&image_size.to_le_bytes());
    out.extend_from_slice(&HEADERS_SIZE.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes()); // checksum
    out.extend_from_slice(&3u16.to_le_bytes()); // console subsystem
    out.extend_from_slice(&0x8540u16.to_le_bytes()); // dynamic base, NX, no SEH, TS aware
    for v in [0x0010_0000u32, 0x1000, 0x0010_0000, 0x1000, 0, 16] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    let mut dirs = [(0u32, 0u32); 16];
    dirs[1] = (TEXT_RVA + layout.import_dir, layout.import_dir_size);
    dirs[5] = (reloc_rva, reloc_size);
    dirs[12] = (TEXT_RVA + layout.iat, 8);
    dirs[14] = (TEXT_RVA + layout.cli_header, 72);
    for (rva, size) in dirs {
        out.extend_from_slice(&rva.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
    }
    // Section headers.
    let section = |out: &mut Vec<u8>,
                   name: &[u8; 8],
                   vsize: u32,
                   rva: u32,
                   raw: u32,
                   ptr: u32,
                   flags: u32| {
        out.extend_from_slice(name);
        for v in [vsize, rva, raw, ptr, 0, 0] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&0u32.to_le_bytes()); // line numbers and relocation counts
        out.extend_from_slice(&flags.to_le_bytes());
    };
    section(
        &mut out,
        b".text\0\0\0",
        text_size,
        TEXT_RVA,
        text_raw,
        HEADERS_SIZE,
        0x6000_0020,
    );
    section(
        &mut out,
        b".reloc\0\0",
        reloc_size,
        reloc_rva,
        reloc_raw,
        HEADERS_SIZE + text_raw,
        0x4200_0040,
    );
    out.resize(HEADERS_SIZE as usize, 0);
    out.extend_from_slice(text);
    out.resize((HEADERS_SIZE + text_raw) as usize, 0);
    out.extend_from_slice(&reloc);
    out.resize((HEADERS_SIZE + text_raw + reloc_raw) as usize, 0);
    out
}
