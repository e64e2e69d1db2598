//! Builds the native runtime (`runtime-shims`) as a static library with the
//! same profile as this crate, in a target directory of its own under
//! `OUT_DIR` (so the nested cargo never waits on the outer one's lock), and
//! tells the crate where it is (`KILN_RUNTIME_LIB`) so it can be embedded.

use std::path::PathBuf;
use std::process::Command;

fn main() {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let runtime = manifest_dir.join("../runtime-shims");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let target_dir = out.join("runtime-target");
    let release = std::env::var("PROFILE").as_deref() == Ok("release");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());

    let mut cmd = Command::new(cargo);
    cmd.arg("rustc")
        .arg("--manifest-path")
        .arg(runtime.join("Cargo.toml"))
        .arg("--lib")
        .arg("--crate-type")
        .arg("staticlib")
        .arg("--target-dir")
        .arg(&target_dir);
    if release {
        cmd.arg("--release");
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
        panic!("building the native runtime (runtime-shims) failed");
    }
    let lib = target_dir
        .join(if release { "release" } else { "debug" })
        .join("libruntime_shims.a");
    println!("cargo:rustc-env=KILN_RUNTIME_LIB={}", lib.display());
    println!("cargo:rerun-if-changed={}", runtime.join("src").display());
    println!(
        "cargo:rerun-if-changed={}",
        runtime.join("Cargo.toml").display()
    );
}
