mod common;

use serde_json::{json, Value};

fn catalogue() -> Value {
    let connector = host_test::Harness::load().unwrap().connector(vec![], host_test::Limits::default());
    connector.catalogue().unwrap()
}

#[test]
fn every_export_returns_a_result_so_hosts_requiring_fallible_exports_load_it() {
    let exports = host_test::Harness::load().unwrap().exported_functions();
    assert!(exports.iter().any(|(name, _)| name.ends_with("#describe")), "{exports:?}");
    let infallible: Vec<&String> = exports.iter().filter(|(_, fallible)| !fallible).map(|(name, _)| name).collect();
    assert!(infallible.is_empty(), "exports without a result: {infallible:?}");
}

#[test]
fn the_manifest_names_the_wit_interface_the_component_exports() {
    let exports = host_test::Harness::load().unwrap().exported_functions();
    let mut interfaces: Vec<&str> = exports.iter().map(|(name, _)| name.split('#').next().unwrap()).collect();
    interfaces.dedup();
    let manifest = catalogue();
    assert_eq!(json!(interfaces), manifest["wit"]["exports"]);
    assert_eq!(manifest["permissions"]["network"]["outgoing"][0]["origin"], "https://{oktaDomain}");
}

#[test]
fn describe_returns_exactly_manifest_json() {
    // The okta-connector unit test keeps manifest.json equal to the generated catalogue; this checks the
    // component built from this tree returns it: the same JSON, on one line.
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../manifest.json")).expect("manifest.json exists");
    let connector = host_test::Harness::load().unwrap().connector(vec![], host_test::Limits::default());
    let described = connector.describe_export().unwrap().expect("describe answers ok");
    let committed: Value = serde_json::from_str(&committed).unwrap();
    assert!(committed == serde_json::from_str::<Value>(&described).unwrap(), "the component's describe is not manifest.json: rebuild, or run `UPDATE_MANIFEST=1 cargo test -p okta-connector --lib manifest`");
    assert_eq!(described, committed.to_string(), "compact, as build.rs writes it");
    // The harness keeps the first answer; what it hands out later is that answer, byte for byte.
    for _ in 0..2 {
        assert_eq!(connector.describe().unwrap().expect("describe answers ok"), described);
    }
}

#[test]
fn every_action_has_a_kebab_key_label_description_flags_and_object_schemas() {
    let cat = catalogue();
    for a in cat["actions"].as_array().unwrap() {
        let key = a["key"].as_str().unwrap();
        assert!(key.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{key}");
        assert!(!a["label"].as_str().unwrap().is_empty() && !a["description"].as_str().unwrap().is_empty());
        for flag in ["readOnly", "destructive", "idempotent"] {
            assert!(a[flag].is_boolean(), "{key}.{flag}");
        }
        assert_eq!(a["inputSchema"]["type"], "object", "{key}");
        assert_eq!(a["outputSchema"]["type"], "object", "{key}");
    }
    let api_token = &cat["connections"][0];
    assert_eq!(api_token["key"], "api-token");
    assert_eq!(api_token["schema"]["properties"]["apiToken"]["writeOnly"], true);
}

#[test]
fn unknown_keys_and_triggers_answer_a_typed_error() {
    let org = common::org(0);
    let c = &org.connector;
    let conn = &org.connection;
    let errors = [
        c.run_action("delete-everything", conn, "{}").unwrap().unwrap_err(),
        c.data_source("no-such-source", conn, "{}").unwrap().unwrap_err(),
        c.poll_trigger("no-such-trigger", conn, "{}", None).unwrap().unwrap_err(),
        c.subscribe("no-such-trigger", conn, "{}", "https://hooks.example/x").unwrap().unwrap_err(),
        c.unsubscribe("no-such-trigger", conn, "{}", "{}").unwrap().unwrap_err(),
    ];
    for e in &errors {
        assert_eq!(host_test::error_json(e)["error"], "unknown-key");
    }
    assert!(org.sim.requests().is_empty());
}

#[test]
fn input_that_is_not_json_or_ill_typed_names_the_field() {
    let org = common::org(0);
    let raw = org.connector.run_action("list-users", &org.connection, "{not json").unwrap().unwrap_err();
    assert_eq!(host_test::error_json(&raw)["error"], "invalid-input");
    let err = org.run("list-users", json!({"limit": "ten"})).unwrap_err();
    assert_eq!(err["path"], "limit");
    let err = org.run("get-user", json!({"userId": "   "})).unwrap_err();
    assert_eq!(err["path"], "userId");
    assert!(org.sim.requests().is_empty());
}
