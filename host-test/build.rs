//! Builds the connector component for wasm32-wasip2, so the harness always loads the current source.
//! A separate target dir keeps the nested cargo from waiting on the lock the outer build holds.

use std::path::PathBuf;
use std::process::Command;

fn main() {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest_dir.parent().unwrap().to_path_buf();
    // manifest.json is the component's `describe` (include_str!).
    for path in ["src", "wit", "Cargo.toml", "Cargo.lock", "manifest.json"] {
        println!("cargo:rerun-if-changed={}", root.join(path).display());
    }
    println!("cargo:rerun-if-env-changed=OKTA_CONNECTOR_PROFILE");
    // Worktrees sharing one CARGO_TARGET_DIR share this script's recorded run: without a key that
    // differs per checkout, a test could load another checkout's component. PWD is that key.
    println!("cargo:rerun-if-env-changed=PWD");
    // `component-dev` (no LTO, parallel codegen) rebuilds in seconds while iterating; CI and every
    // figure we publish use `release`, the artifact hosts load.
    let profile = std::env::var("OKTA_CONNECTOR_PROFILE").unwrap_or_else(|_| "release".into());
    let target_dir = root.join("target").join("component");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(&root)
        .args(["build", "--profile", &profile, "--target", "wasm32-wasip2", "-p", "okta-connector", "--target-dir"])
        .arg(&target_dir)
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET")
        .status()
        .expect("running cargo to build the component");
    assert!(status.success(), "building the component failed; is the wasm32-wasip2 target installed? (rustup target add wasm32-wasip2)");
    let wasm = target_dir.join("wasm32-wasip2").join(&profile).join("okta_connector.wasm");
    println!("cargo:rustc-env=OKTA_CONNECTOR_WASM={}", wasm.display());
}
