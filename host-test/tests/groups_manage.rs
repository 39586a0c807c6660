//! Groups: create, read, update, delete, list, members, membership changes.
mod common;

use serde_json::{json, Value};

fn names(groups: &Value) -> Vec<String> {
    groups.as_array().unwrap().iter().map(|g| g["profile"]["name"].as_str().unwrap().to_string()).collect()
}

#[test]
fn group_is_created_read_updated_and_deleted() {
    let org = common::org(0);
    let g = org.run("create-group", json!({"name": "Pilots", "description": "Fly things"})).unwrap();
    let id = g["id"].as_str().unwrap().to_string();
    assert_eq!(org.read(&format!("/api/v1/groups/{id}"))["profile"], json!({"name": "Pilots", "description": "Fly things"}));
    let read = org.run("get-group", json!({"groupId": id, "expandStats": true})).unwrap();
    assert_eq!(read["_embedded"]["stats"]["usersCount"], 0);
    // Okta replaces the profile; the action keeps what is not given.
    org.run("update-group", json!({"groupId": id, "name": "Senior Pilots"})).unwrap();
    assert_eq!(org.read(&format!("/api/v1/groups/{id}"))["profile"], json!({"name": "Senior Pilots", "description": "Fly things"}));
    assert_eq!(org.run("delete-group", json!({"groupId": id})).unwrap(), json!({"groupId": id, "deleted": true}));
    assert_eq!(org.okta("GET", &format!("/api/v1/groups/{id}"), None).0, 404);
    let events: Vec<String> = org.read("/api/v1/logs?limit=50").as_array().unwrap().iter().map(|e| e["eventType"].as_str().unwrap().to_string()).collect();
    for t in ["group.lifecycle.create", "group.profile.update", "group.lifecycle.delete"] {
        assert!(events.iter().any(|e| e == t), "{t}");
    }
}

#[test]
fn refusals_keep_oktas_detail_and_bad_input_sends_nothing() {
    let org = common::org(0);
    org.run("create-group", json!({"name": "Twins"})).unwrap();
    let err = org.run("create-group", json!({"name": "Twins"})).unwrap_err();
    assert_eq!((err["error"].as_str(), err["okta"]["errorCode"].as_str()), (Some("okta-api"), Some("E0000001")));
    for key in ["get-group", "delete-group"] {
        let err = org.run(key, json!({"groupId": "00gnosuchgroup000000"})).unwrap_err();
        assert_eq!((err["error"].as_str(), err["okta"]["errorCode"].as_str()), (Some("not-found"), Some("E0000007")), "{key}");
    }
    let everyone = org.read("/api/v1/groups?q=Everyone")[0]["id"].as_str().unwrap().to_string();
    let err = org.run("delete-group", json!({"groupId": everyone})).unwrap_err();
    assert_eq!(err["error"], "forbidden", "BUILT_IN groups cannot be deleted: {err}");
    org.sim.clear_requests();
    for (key, input, path) in [
        ("create-group", json!({"description": "x"}), "name"),
        ("create-group", json!({"name": "A", "profileExtraAttributes": {"name": "B"}}), "profileExtraAttributes.name"),
        ("update-group", json!({"groupId": "00g1"}), "name"),
        ("update-group", json!({"groupId": "00g1", "name": " "}), "name"),
        ("get-group", json!({"groupId": 7}), "groupId"),
        ("list-groups", json!({"limit": 0}), "limit"),
        ("list-groups", json!({"sortBy": "profile.name"}), "sortBy"),
        ("list-groups", json!({"fetchAll": true, "resultSet": "first"}), "fetchAll"),
    ] {
        let err = org.run(key, input).unwrap_err();
        assert_eq!((err["error"].as_str(), err["path"].as_str()), (Some("invalid-input"), Some(path)), "{key}: {err}");
    }
    assert!(org.sim.requests().is_empty());
}

#[test]
fn search_groups_returns_the_first_match_a_page_or_all() {
    let org = common::org(0);
    for n in 0..5 {
        org.group(&format!("Team {n}"));
    }
    let first = org.run("list-groups", json!({"q": "Team", "resultSet": "first"})).unwrap();
    assert_eq!(names(&first["groups"]).len(), 1);
    assert_eq!(first["first"]["profile"]["name"], first["groups"][0]["profile"]["name"]);
    assert!(org.requests_to("/api/v1/groups").pop().unwrap().query.unwrap().contains("limit=1"));
    let page = org.run("list-groups", json!({"search": "profile.name sw \"Team\"", "limit": 2})).unwrap();
    assert_eq!(names(&page["groups"]).len(), 2);
    let cursor = page["nextCursor"].as_str().unwrap();
    let rest = org.run("list-groups", json!({"search": "profile.name sw \"Team\"", "limit": 2, "after": cursor, "resultSet": "all"})).unwrap();
    assert_eq!(names(&rest["groups"]).len(), 3);
    assert_eq!(rest["nextCursor"], Value::Null);
    let none = org.run("list-groups", json!({"q": "Nobody", "resultSet": "first"})).unwrap();
    assert_eq!(none["first"], Value::Null);
}

#[test]
fn members_are_added_and_removed_idempotently_and_listed() {
    let org = common::org(0);
    let g = org.group("Crew");
    let ids: Vec<String> = (0..3).map(|n| org.create_user(&format!("crew{n}@example.com"))["id"].as_str().unwrap().to_string()).collect();
    for id in &ids {
        let out = org.run("add-user-to-group", json!({"groupId": g, "userId": id})).unwrap();
        assert_eq!(out, json!({"groupId": g, "userId": id, "member": true}));
    }
    org.run("add-user-to-group", json!({"groupId": g, "userId": ids[0]})).unwrap();
    let members = org.read(&format!("/api/v1/groups/{g}/users"));
    assert_eq!(members.as_array().unwrap().len(), 3, "adding twice leaves one membership");
    let listed = org.run("list-group-members", json!({"groupId": g, "limit": 2, "fetchAll": true})).unwrap();
    assert_eq!((listed["users"].as_array().unwrap().len(), listed["pages"].as_u64()), (3, Some(2)));
    org.run("remove-user-from-group", json!({"groupId": g, "userId": "crew1@example.com"})).unwrap();
    let out = org.run("remove-user-from-group", json!({"groupId": g, "userId": ids[1]})).unwrap();
    assert_eq!(out["member"], false);
    let mut left: Vec<String> = org.read(&format!("/api/v1/groups/{g}/users")).as_array().unwrap().iter().map(|u| u["id"].as_str().unwrap().to_string()).collect();
    let mut want = vec![ids[0].clone(), ids[2].clone()];
    (left.sort(), want.sort());
    assert_eq!(left, want);
    let err = org.run("add-user-to-group", json!({"groupId": g, "userId": "00unosuchuser0000000"})).unwrap_err();
    assert_eq!((err["error"].as_str(), err["okta"]["errorCode"].as_str()), (Some("not-found"), Some("E0000007")));
    let err = org.run("add-user-to-group", json!({"groupId": g})).unwrap_err();
    assert_eq!(err["path"], "userId");
    let first = org.run("list-group-members", json!({"groupId": g, "resultSet": "first"})).unwrap();
    assert_eq!(first["first"]["id"], json!(want[0]), "members come in id order");
}
