//! Groups: CRUD, BUILT_IN protection, members, idempotent membership changes.
mod sim_support;

use serde_json::{json, Value};
use sim_support::{enc, Api};

fn group_named(api: &Api, name: &str) -> Value {
    api.get(&format!("/api/v1/groups?q={}", enc(name))).json()[0].clone()
}

#[test]
fn create_get_replace_and_delete_an_okta_group() {
    let api = Api::start(0);
    let r = api.post("/api/v1/groups", &json!({"profile": {"name": "Admins", "description": "People with keys"}}));
    assert_eq!(r.status, 200);
    let g = r.json();
    let id = g["id"].as_str().unwrap();
    assert!(id.starts_with("00g") && id.len() == 20);
    assert_eq!((g["type"].as_str(), g["objectClass"][0].as_str()), (Some("OKTA_GROUP"), Some("okta:user_group")));
    let dup = api.post("/api/v1/groups", &json!({"profile": {"name": "admins"}}));
    assert_eq!((dup.status, dup.error_code()), (400, "E0000001".into()));
    let nameless = api.post("/api/v1/groups", &json!({"profile": {"description": "x"}}));
    assert_eq!(nameless.json()["errorCauses"][0]["errorSummary"], "name: The field cannot be left blank");
    let path = format!("/api/v1/groups/{id}");
    let r = api.call("PUT", &path, Some(&json!({"profile": {"name": "Admins 2"}})));
    assert_eq!(r.json()["profile"], json!({"name": "Admins 2", "description": null}), "PUT replaces the profile");
    assert_eq!(api.call("DELETE", &path, None).status, 204);
    assert_eq!(api.get(&path).error_code(), "E0000007");
}

#[test]
fn built_in_everyone_cannot_be_changed_and_holds_every_user() {
    let api = Api::start(30);
    let everyone = group_named(&api, "Everyone");
    assert_eq!(everyone["type"], "BUILT_IN");
    let id = everyone["id"].as_str().unwrap();
    let stats = api.get(&format!("/api/v1/groups/{id}?expand=stats")).json();
    assert_eq!(stats["_embedded"]["stats"]["usersCount"], 30);
    assert_eq!(api.call("DELETE", &format!("/api/v1/groups/{id}"), None).error_code(), "E0000006");
    let r = api.call("PUT", &format!("/api/v1/groups/{id}"), Some(&json!({"profile": {"name": "Nobody"}})));
    assert_eq!(r.status, 403);
    let u = api.create_user("new.member@example.com", "", None);
    let groups = api.get(&format!("/api/v1/users/{}/groups", u["id"].as_str().unwrap())).json();
    assert_eq!(groups.as_array().unwrap().len(), 1, "new users land in Everyone");
}

#[test]
fn membership_changes_are_idempotent_and_logged_once() {
    let api = Api::start(0);
    let g = api.post("/api/v1/groups", &json!({"profile": {"name": "Team"}})).json();
    let u = api.create_user("member@example.com", "", None);
    let path = format!("/api/v1/groups/{}/users/{}", g["id"].as_str().unwrap(), u["id"].as_str().unwrap());
    assert_eq!(api.call("PUT", &path, None).status, 204);
    assert_eq!(api.call("PUT", &path, None).status, 204);
    let members = api.get(&format!("/api/v1/groups/{}/users", g["id"].as_str().unwrap())).json();
    assert_eq!(members[0]["id"], u["id"]);
    assert_eq!(api.call("DELETE", &path, None).status, 204);
    assert_eq!(api.call("DELETE", &path, None).status, 204);
    let log = api.get(&format!("/api/v1/logs?filter={}", enc("eventType sw \"group.user_membership\""))).json();
    let types: Vec<&str> = log.as_array().unwrap().iter().map(|e| e["eventType"].as_str().unwrap()).collect();
    assert_eq!(types, ["group.user_membership.add", "group.user_membership.remove"]);
    assert_eq!(log[0]["target"][1]["type"], "UserGroup");
    let unknown = api.call("PUT", &format!("/api/v1/groups/{}/users/00unknown00000000000", g["id"].as_str().unwrap()), None);
    assert_eq!((unknown.status, unknown.error_code()), (404, "E0000007".into()));
}

#[test]
fn create_user_with_group_ids_sets_memberships_and_rejects_unknown_groups() {
    let api = Api::start(0);
    let g = api.post("/api/v1/groups", &json!({"profile": {"name": "Initial"}})).json();
    let body = json!({"profile": {"login": "grouped@example.com", "email": "grouped@example.com", "firstName": "G", "lastName": "U"}, "groupIds": [g["id"]]});
    let u = api.post("/api/v1/users", &body).json();
    let names: Vec<String> = api.get(&format!("/api/v1/users/{}/groups", u["id"].as_str().unwrap())).json().as_array().unwrap().iter().map(|g| g["profile"]["name"].as_str().unwrap().to_string()).collect();
    assert_eq!(names.len(), 2);
    assert!(names.contains(&"Initial".to_string()) && names.contains(&"Everyone".to_string()));
    let bad = json!({"profile": {"login": "g2@example.com", "email": "g2@example.com", "firstName": "G", "lastName": "U"}, "groupIds": ["00gmissing0000000000"]});
    assert_eq!(api.post("/api/v1/users", &bad).status, 404);
}

#[test]
fn group_members_page_with_link_next() {
    let api = Api::start(300);
    let everyone = group_named(&api, "Everyone");
    let mut url = Some(format!("/api/v1/groups/{}/users?limit=120", everyone["id"].as_str().unwrap()));
    let mut seen = std::collections::HashSet::new();
    while let Some(u) = url {
        let r = api.get(&u);
        for m in r.json().as_array().unwrap() {
            assert!(seen.insert(m["id"].as_str().unwrap().to_string()));
        }
        url = r.link("next");
    }
    assert_eq!(seen.len(), 300);
}

#[test]
fn list_groups_supports_filter_search_and_paging() {
    let api = Api::start(50);
    let r = api.get(&format!("/api/v1/groups?filter={}", enc("type eq \"BUILT_IN\"")));
    assert_eq!(r.json().as_array().unwrap().len(), 1);
    let r = api.get(&format!("/api/v1/groups?search={}&sortBy=profile.name", enc("profile.name co \"e\" and type eq \"OKTA_GROUP\"")));
    let names: Vec<String> = r.json().as_array().unwrap().iter().map(|g| g["profile"]["name"].as_str().unwrap().to_string()).collect();
    assert!(names.len() >= 3 && names.windows(2).all(|w| w[0] <= w[1]), "{names:?}");
    let r = api.get("/api/v1/groups?limit=3");
    assert_eq!(r.json().as_array().unwrap().len(), 3);
    assert!(r.link("next").is_some());
    let r = api.get(&format!("/api/v1/groups?filter={}", enc("profile.name eq \"Sales\"")));
    assert_eq!((r.status, r.error_code()), (400, "E0000031".into()));
}

/// `/api/v1/groups/rules…` is the group rules' path, never a group whose id is "rules".
#[test]
fn the_group_rules_path_is_not_taken_for_a_group_id() {
    let api = Api::start(0);
    let r = api.get("/api/v1/groups/rules");
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(r.json().is_array());
    let group = api.post("/api/v1/groups", &json!({"profile": {"name": "Ruled"}})).json();
    let body = json!({"type": "group_rule", "name": "Everyone ruled", "conditions": {"expression": {"value": "user.lastName==\"User\"", "type": "urn:okta:expression:1.0"}},
        "actions": {"assignUserToGroups": {"groupIds": [group["id"]]}}});
    let rule = api.post("/api/v1/groups/rules", &body);
    assert_eq!(rule.status, 200, "{}", rule.text);
    let id = rule.json()["id"].as_str().unwrap().to_string();
    assert_eq!(api.get(&format!("/api/v1/groups/rules/{id}")).json()["name"], "Everyone ruled");
    // Methods the rules collection does not take are 405, not a group lookup of "rules".
    for method in ["PUT", "DELETE"] {
        let r = api.call(method, "/api/v1/groups/rules", None);
        assert_eq!((r.status, r.error_code()), (405, "E0000022".into()), "{method}: {}", r.text);
    }
    let r = api.get("/api/v1/groups/rules/users");
    assert!(r.text.contains("(GroupRule)"), "a rule id, not a group's members: {}", r.text);
}
