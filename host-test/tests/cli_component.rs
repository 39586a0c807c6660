//! `host-test --component FILE`: any command loads that file (e.g. one pulled from a registry) instead of
//! the workspace's build.
use std::process::Command;

fn host_test(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_host-test")).args(args).output().unwrap()
}

#[test]
fn describe_of_a_component_file_elsewhere_is_manifest_json() {
    let dir = std::env::temp_dir().join(format!("cli-component-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let copy = dir.join("pulled.wasm");
    std::fs::copy(host_test::COMPONENT_PATH, &copy).unwrap();
    let out = host_test(&["--component", copy.to_str().unwrap(), "describe"]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let described: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../manifest.json")).unwrap()).unwrap();
    assert_eq!(described, manifest);
}

#[test]
fn a_component_file_that_is_missing_or_not_a_component_is_named_in_the_error() {
    let not_wasm = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
    for (file, says) in [("/nonexistent/okta.wasm", "reading component /nonexistent/okta.wasm"), (not_wasm, &format!("loading component {not_wasm}"))] {
        let out = host_test(&["--component", file, "run", "get-user", "--input", r#"{"userId":"a"}"#]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{file}: {stderr}");
        assert!(stderr.starts_with("error: ") && stderr.contains(says), "{file}: {stderr}");
        assert!(out.stdout.is_empty(), "{file}");
    }
}
