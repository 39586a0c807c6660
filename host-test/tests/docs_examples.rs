//! The generated docs' example inputs are inputs the component accepts: run against the simulator, none
//! is refused as `invalid-input` (placeholder ids may well be `not-found`; that is Okta's answer, not ours).
mod common;

use serde_json::Value;

/// The JSON block under a page's `## Example …` heading.
fn example(page: &str) -> Value {
    let block = page.split("\n## Example").nth(1).and_then(|s| s.split("```json\n").nth(1)).and_then(|s| s.split("\n```").next());
    serde_json::from_str(block.expect("the page has an example")).expect("the example is JSON")
}

#[test]
fn every_documented_example_input_passes_the_components_input_checks() {
    let org = common::org(3);
    let catalogue = org.connector.catalogue().unwrap();
    let docs = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs");
    let mut refused = Vec::new();
    for (section, dir) in [("actions", "actions"), ("dataSources", "data-sources")] {
        for entry in catalogue[section].as_array().unwrap() {
            let key = entry["key"].as_str().unwrap();
            let page = std::fs::read_to_string(format!("{docs}/{dir}/{key}.md")).expect("a page per entry (UPDATE_MANIFEST=1 cargo test -p okta-connector --lib manifest)");
            let input = example(&page);
            let answer = if section == "actions" { org.run(key, input.clone()) } else { org.data(key, input.clone()) };
            if let Err(e) = answer.as_ref().map_err(|e| &e["error"]) {
                if e == "invalid-input" {
                    refused.push(format!("{dir}/{key} {input}: {}", answer.unwrap_err()));
                }
            }
        }
    }
    assert!(refused.is_empty(), "examples the component refuses (give the input type a `#[schemars(example = …)]`):\n{}", refused.join("\n"));
}
