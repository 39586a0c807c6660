//! List validation as real orgs answer it (issue 14, item 3): a cursor that
//! no list could have issued is 400 `E0000029`, a malformed `expand` is
//! 400 `E0000001` — never a silent 200 `[]`.
mod sim_support;

use serde_json::json;
use sim_support::{Api, Resp};

fn assert_invalid_cursor(r: &Resp, what: &str) {
    assert_eq!((r.status, r.error_code()), (400, "E0000029".to_string()), "{what}: {}", r.text);
    assert_eq!(r.json()["errorSummary"], "Invalid paging request.", "{what}");
    assert_eq!(r.json()["errorCauses"], json!([{"errorSummary": "Invalid cursor."}]), "{what}");
}

fn assert_malformed_expand(r: &Resp, what: &str) {
    assert_eq!((r.status, r.error_code()), (400, "E0000001".to_string()), "{what}: {}", r.text);
    assert_eq!(r.json()["errorSummary"], "Api validation failed: RequestParams", "{what}");
    assert_eq!(r.json()["errorCauses"], json!([{"errorSummary": "Expand query is malformed."}]), "{what}");
}

fn first_id(api: &Api, path: &str) -> String {
    api.get(path).json()[0]["id"].as_str().unwrap_or_else(|| panic!("{path} is not empty")).to_string()
}

#[test]
fn apps_list_refuses_an_invalid_cursor_and_a_malformed_expand() {
    let api = Api::start(10);
    assert_invalid_cursor(&api.get("/api/v1/apps?after=not-a-cursor"), "apps");
    assert_malformed_expand(&api.get("/api/v1/apps?expand=user/id,group/id"), "apps");
    assert_malformed_expand(&api.get("/api/v1/apps?expand=group"), "apps");
    let app = first_id(&api, "/api/v1/apps");
    assert_malformed_expand(&api.get(&format!("/api/v1/apps/{app}?expand=user/")), "one app");
    assert_eq!(api.get(&format!("/api/v1/apps?after={app}&limit=1")).status, 200, "a cursor from a next link works");
}

#[test]
fn access_policy_cursors_are_rst_ids() {
    let api = Api::start(0);
    let policy = first_id(&api, "/api/v1/policies?type=ACCESS_POLICY");
    let r = api.get(&format!("/api/v1/policies?type=ACCESS_POLICY&after={policy}"));
    assert_eq!((r.status, r.text.as_str()), (200, "[]"));
}

#[test]
fn every_paged_list_refuses_an_invalid_cursor() {
    let api = Api::start(30);
    let group = first_id(&api, "/api/v1/groups");
    let app = first_id(&api, "/api/v1/apps");
    let lists = [
        "/api/v1/users".to_string(),
        "/api/v1/users?search=status%20eq%20%22ACTIVE%22".into(),
        "/api/v1/groups".into(),
        format!("/api/v1/groups/{group}/users"),
        format!("/api/v1/apps/{app}/users"),
        "/api/v1/realms".into(),
        "/api/v1/policies?type=PASSWORD".into(),
        "/api/v1/logs?until=2099-01-01T00:00:00.000Z".into(),
        "/api/v1/groups/rules".into(),
        format!("/api/v1/groups/{group}/owners"),
    ];
    for list in lists {
        let sep = if list.contains('?') { '&' } else { '?' };
        assert_invalid_cursor(&api.get(&format!("{list}{sep}after=bogus%2Fcursor")), &list);
    }
}

#[test]
fn cursors_of_deleted_items_still_resume_the_list() {
    let api = Api::start(0);
    let ids: Vec<String> = (0..3).map(|i| api.create_user(&format!("gone.{i}@example.com"), "?activate=false", None)["id"].as_str().unwrap().to_string()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    for _ in 0..2 {
        api.call("DELETE", &format!("/api/v1/users/{}", sorted[0]), None);
    }
    let r = api.get(&format!("/api/v1/users?after={}", sorted[0]));
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json().as_array().unwrap().len(), 2);
}

#[test]
fn other_lists_refuse_expansions_they_do_not_know() {
    let api = Api::start(10);
    let app = first_id(&api, "/api/v1/apps?q=Workday");
    let group = first_id(&api, "/api/v1/groups");
    let user = first_id(&api, &format!("/api/v1/apps/{app}/users"));
    assert_malformed_expand(&api.get("/api/v1/groups?expand=members"), "groups");
    assert_malformed_expand(&api.get(&format!("/api/v1/groups/{group}?expand=stats;app")), "one group");
    assert_malformed_expand(&api.get(&format!("/api/v1/apps/{app}/users?expand=user,group")), "app users");
    assert_malformed_expand(&api.get(&format!("/api/v1/apps/{app}/users/{user}?expand=groups")), "one app user");
    assert_malformed_expand(&api.get("/api/v1/policies?type=PASSWORD&expand=rule"), "policies");
    let stats = api.get("/api/v1/groups?expand=stats,app");
    assert_eq!(stats.status, 200, "{}", stats.text);
    assert!(stats.json()[0]["_embedded"]["stats"].is_object(), "stats,app still embeds stats");
}
