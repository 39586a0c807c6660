//! The component's `describe` is manifest.json as one line: the same JSON value, a third smaller in
//! the component than the pretty-printed file (which stays readable in diffs).

fn main() {
    println!("cargo:rerun-if-changed=manifest.json");
    let manifest = std::fs::read_to_string("manifest.json").expect("manifest.json exists (UPDATE_MANIFEST=1 cargo test -p okta-connector --lib manifest)");
    let catalogue: serde_json::Value = serde_json::from_str(&manifest).expect("manifest.json is JSON");
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("catalogue.json");
    std::fs::write(out, serde_json::to_string(&catalogue).unwrap()).unwrap();
}
