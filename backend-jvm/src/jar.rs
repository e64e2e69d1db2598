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
        "Manifest-Version: 1.0\r\nCreated-By: kiln\r\nMain-Class: {}\r\n\r\n",
        main.replace('/', ".")
    );
    z.write_all(manifest.as_bytes()).map_err(ioerr)?;
    for (name, bytes) in classes {
        z.start_file(format!("{name}.class"), opts).map_err(err)?;
        z.write_all(bytes).map_err(ioerr)?;
    }
    z.finish().map_err(err)?;
    Ok(())
}
