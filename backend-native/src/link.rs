//! Linking: the object file and the embedded runtime library are written to
//! a temporary directory and linked by the system C compiler (`cc`) into one
//! executable that needs only libc at run time.

use std::path::Path;
use std::process::Command;

/// The runtime static library, built by this crate's build script.
pub static RUNTIME_LIB: &[u8] = include_bytes!(env!("KILN_RUNTIME_LIB"));
/// The runtime static library with the meta-tracing JIT.
pub static RUNTIME_JIT_LIB: &[u8] = include_bytes!(env!("KILN_RUNTIME_JIT_LIB"));

/// Links `object` with the runtime (with the JIT if `jit`) into executable `output`.
pub fn link(object: &[u8], output: &Path, jit: bool) -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!(
        "kiln-link-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let obj = dir.join("program.o");
    let lib = dir.join("libkiln_runtime.a");
    let result = (|| {
        std::fs::write(&obj, object).map_err(|e| format!("cannot write {}: {e}", obj.display()))?;
        std::fs::write(&lib, if jit { RUNTIME_JIT_LIB } else { RUNTIME_LIB })
            .map_err(|e| format!("cannot write {}: {e}", lib.display()))?;
        let out = Command::new("cc")
            .arg(&obj)
            .arg(&lib)
            .arg("-o")
            .arg(output)
            .args(["-Wl,--gc-sections", "-lpthread", "-ldl", "-lm", "-lc", "-lgcc_s"])
            .output()
            .map_err(|e| {
                if e.kind() == std::io::ErrorKind::NotFound {
                    "no C compiler: native executables are linked with `cc`; install one (Debian: `apt-get install gcc`)".to_string()
                } else {
                    format!("cannot run `cc`: {e}")
                }
            })?;
        if !out.status.success() {
            return Err(format!(
                "linking with `cc` failed:\n{}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}
