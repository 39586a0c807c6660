//! `describe` lists the data sources, and every field that points at one points at one that exists.
mod common;

use serde_json::{json, Value};

fn catalogue() -> Value {
    let connector = host_test::Harness::load().unwrap().connector(vec![], host_test::Limits::default());
    connector.catalogue().unwrap()
}

/// Every `x-okta-data-source` under `v`, with its JSON pointer.
fn pointers<'a>(v: &'a Value, at: String, out: &mut Vec<(String, &'a Value)>) {
    match v {
        Value::Object(map) => {
            if let Some(p) = map.get("x-okta-data-source") {
                out.push((at.clone(), p));
            }
            map.iter().for_each(|(k, v)| pointers(v, format!("{at}/{k}"), out));
        }
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| pointers(v, format!("{at}/{i}"), out)),
        _ => {}
    }
}

#[test]
fn every_data_source_is_described_with_key_label_description_aliases_and_schemas() {
    let cat = catalogue();
    let sources = cat["dataSources"].as_array().unwrap();
    let keys: Vec<&str> = sources.iter().map(|s| s["key"].as_str().unwrap()).collect();
    for expected in ["users", "groups", "applications", "user-types", "realms", "policies", "user-factors", "user-groups", "app-users", "event-types", "user-profile-schema", "group-profile-schema", "app-user-schema"] {
        assert!(keys.contains(&expected), "{expected} missing from {keys:?}");
    }
    for s in sources {
        let key = s["key"].as_str().unwrap();
        assert!(!s["label"].as_str().unwrap().is_empty() && !s["description"].as_str().unwrap().is_empty(), "{key}");
        assert!(s["aliases"].is_array() && ["options", "schema"].contains(&s["kind"].as_str().unwrap()), "{key}");
        assert_eq!(s["inputSchema"]["type"], "object", "{key}");
        assert_eq!(s["outputSchema"]["type"], "object", "{key}");
        if s["kind"] == "options" {
            assert!(s["inputSchema"]["properties"]["search"].is_object() && s["inputSchema"]["properties"]["cursor"].is_object(), "{key}");
            assert!(s["outputSchema"]["properties"]["nextCursor"].is_object(), "{key}");
        }
    }
    let factors = sources.iter().find(|s| s["key"] == "user-factors").unwrap();
    assert_eq!(factors["inputSchema"]["required"], json!(["userId"]));
    assert!(factors["inputSchema"]["properties"].get("appId").is_none());
}

#[test]
fn every_field_pointing_at_a_data_source_points_at_one_that_exists_with_existing_dependencies() {
    let cat = catalogue();
    let sources = cat["dataSources"].as_array().unwrap();
    let mut checked = 0;
    for kind in ["actions", "triggers"] {
        for item in cat[kind].as_array().unwrap() {
            for schema_key in ["inputSchema", "configSchema"] {
                let Some(schema) = item.get(schema_key) else { continue };
                let mut found = Vec::new();
                pointers(schema, String::new(), &mut found);
                for (at, p) in found {
                    let place = format!("{} {schema_key}{at}", item["key"]);
                    let source = sources.iter().find(|s| s["key"] == p["key"]).unwrap_or_else(|| panic!("{place}: no data source {}", p["key"]));
                    let field = at.rsplit('/').next().unwrap();
                    assert!(schema["properties"].get(field).is_some(), "{place}: only top-level fields are annotated");
                    for dep in p["dependsOn"].as_array().into_iter().flatten() {
                        let dep = dep.as_str().unwrap();
                        assert!(schema["properties"].get(dep).is_some(), "{place}: depends on `{dep}`, which the input lacks");
                        assert!(source["inputSchema"]["properties"].get(dep).is_some(), "{place}: `{}` takes no `{dep}`", p["key"]);
                    }
                    for required in source["inputSchema"]["required"].as_array().into_iter().flatten() {
                        assert!(p["dependsOn"].as_array().is_some_and(|d| d.contains(required)), "{place}: `{}` needs {required}", p["key"]);
                    }
                    for fixed in p["input"].as_object().into_iter().flatten().map(|(k, _)| k) {
                        assert!(source["inputSchema"]["properties"].get(fixed).is_some(), "{place}: `{}` takes no `{fixed}`", p["key"]);
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 4, "the catalogue's id fields are annotated ({checked})");
}

#[test]
fn id_fields_are_annotated_by_name_without_edits_to_the_actions() {
    let cat = catalogue();
    let action = |key: &str| cat["actions"].as_array().unwrap().iter().find(|a| a["key"] == key).unwrap()["inputSchema"]["properties"].clone();
    assert_eq!(action("get-user")["userId"]["x-okta-data-source"], json!({"key": "users"}));
    let create = action("create-user");
    assert_eq!(create["typeId"]["x-okta-data-source"], json!({"key": "user-types"}));
    assert_eq!(create["realmId"]["x-okta-data-source"], json!({"key": "realms"}));
    assert_eq!(create["groupIds"]["x-okta-data-source"], json!({"key": "groups"}));
    assert_eq!(create["profileExtraAttributes"]["x-okta-data-source"], json!({"key": "user-profile-schema", "dependsOn": ["typeId"], "input": {"customOnly": true}}));
    assert_eq!(action("update-user")["profile"]["x-okta-data-source"], json!({"key": "user-profile-schema", "dependsOn": ["typeId", "userId"]}));
    assert_eq!(action("unenroll-user-factor")["factorId"]["x-okta-data-source"], json!({"key": "user-factors", "dependsOn": ["userId"]}));
    assert_eq!(action("update-application-user-assignment")["profile"]["x-okta-data-source"], json!({"key": "app-user-schema", "dependsOn": ["appId"]}));
    assert_eq!(action("create-group")["profileExtraAttributes"]["x-okta-data-source"]["key"], "group-profile-schema");
    let hook = cat["triggers"].as_array().unwrap().iter().find(|t| t["key"] == "event-hook").unwrap();
    assert_eq!(hook["configSchema"]["properties"]["eventTypes"]["x-okta-data-source"], json!({"key": "event-types"}), "the Custom Webhook trigger's event types");
}
