//! Builds the native runtime (`runtime-shims`) as two static libraries, one
//! without and one with the meta-tracing JIT (feature `jit`), always with
//! the release profile (generated programs link it, whatever profile Kiln
//! itself is built with), in a target directory of its own under the outer
//! target directory (so the nested cargo never waits on the outer one's
//! lock, and debug and release builds of Kiln share it). Tells the crate
//! where they are (`KILN_RUNTIME_LIB`, `KILN_RUNTIME_JIT_LIB`) so they can
//! be embedded.

use std::path::{Path, PathBuf};
use std::process::Command;

fn build(runtime: &Path, target_dir: &Path, jit: bool) -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.arg("rustc")
        .arg("--manifest-path")
        .arg(runtime.join("Cargo.toml"))
        .arg("--lib")
        .arg("--crate-type")
        .arg("staticlib")
        .arg("--release")
        .arg("--target-dir")
        .arg(target_dir);
    if jit {
        cmd.arg("--features").arg("jit");
    }
    // The nested build is a plain build: no wrappers of the outer command
    // (clippy, coverage) and no flags meant for the outer crate graph.
    for var in [
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET_DIR",
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTFLAGS",
        "CARGO_MAKEFLAGS",
        "MAKEFLAGS",
        "MFLAGS",
    ] {
        cmd.env_remove(var);
    }
    let status = cmd
        .status()
        .expect("cannot run cargo to build the native runtime");
    if !status.success() {
        panic!("building the native runtime (runtime-shims, jit={jit}) failed");
    }
    target_dir.join("release").join("libruntime_shims.a")
}

fn main() {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let runtime = manifest_dir.join("../runtime-shims");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    // OUT_DIR is <target>/<profile>/build/<package>/out.
    let outer_target = out.ancestors().nth(4).map(PathBuf::from);
    let base = outer_target.unwrap_or_else(|| out.clone());
    let plain = build(&runtime, &base.join("kiln-runtime"), false);
    let plain_copy = out.join("libruntime_shims_plain.a");
    std::fs::copy(&plain, &plain_copy).expect("copy the runtime library");
    let jit = build(&runtime, &base.join("kiln-runtime-jit"), true);
    let jit_copy = out.join("libruntime_shims_jit.a");
    std::fs::copy(&jit, &jit_copy).expect("copy the JIT runtime library");
    println!("cargo:rustc-env=KILN_RUNTIME_LIB={}", plain_copy.display());
    println!(
        "cargo:rustc-env=KILN_RUNTIME_JIT_LIB={}",
        jit_copy.display()
    );
    println!("cargo:rerun-if-changed={}", runtime.join("src").display());
    println!(
        "cargo:rerun-if-changed={}",
        runtime.join("Cargo.toml").display()
    );
}
