//! Writing classfiles into a runnable `.jar` (a zip with a manifest naming
//! the main class).

use std::io::Write;
use std::path::Path;
use zip::write::SimpleFileOptions;

/// Writes `classes` (`(internal name, bytes)`) to `path` with `Main-Class`
/// `main` (internal name).
pub fn write_jar(path: &Path, main: &str, classes: &[(String, Vec<u8>)]) -> Result<(), String> {
    let file = std::fs::File::create(path)
        .map_err(|e| format!("cannot create `{}`: {e}", path.display()))?;
    let mut z = zip::ZipWriter::new(file);
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let err = |e: zip::result::ZipError| format!("cannot write `{}`: {e}", path.display());
    let ioerr = |e: std::io::Error| format!("cannot write `{}`: {e}", path.display());
    z.add_directory("META-INF/", opts).map_err(err)?;
    z.start_file("META-INF/MANIFEST.MF", opts).map_err(err)?;
    let manifest = format!(
        "Manifest-Version: 1.0\r\nCreated-By: kiln\r\n{}\r\n",
        manifest_line(&format!("Main-Class: {}", main.replace('/', ".")))
    );
    z.write_all(manifest.as_bytes()).map_err(ioerr)?;
    for (name, bytes) in classes {
        z.start_file(format!("{name}.class"), opts).map_err(err)?;
        z.write_all(bytes).map_err(ioerr)?;
    }
    z.finish().map_err(err)?;
    Ok(())
}

/// A manifest line, wrapped as the jar format requires: at most 72 bytes
/// per line, continuation lines starting with a space (never splitting a
/// UTF-8 character).
fn manifest_line(text: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for ch in text.chars() {
        if width + ch.len_utf8() > 72 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += ch.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::manifest_line;

    #[test]
    fn long_manifest_lines_are_continued() {
        assert_eq!(manifest_line("Main-Class: a"), "Main-Class: a\r\n");
        let long = format!("Main-Class: {}", "x".repeat(100));
        let wrapped = manifest_line(&long);
        for line in wrapped.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 72, "{line}");
        }
        assert_eq!(wrapped.replace("\r\n ", ""), format!("{long}\r\n"));
    }
}
