//! Group owners: users and groups that own a group.
mod common;

use serde_json::json;

#[test]
fn owners_are_added_listed_and_removed() {
    let org = common::org(0);
    let g = org.group("Owned");
    let lead = org.create_user("lead@example.com")["id"].as_str().unwrap().to_string();
    let admins = org.group("Admins");
    let owner = org.run("add-group-owner", json!({"groupId": g, "ownerId": lead})).unwrap();
    assert_eq!((owner["id"].as_str(), owner["type"].as_str()), (Some(lead.as_str()), Some("USER")));
    org.run("add-group-owner", json!({"groupId": g, "ownerId": admins, "ownerType": "GROUP"})).unwrap();
    let read = org.read(&format!("/api/v1/groups/{g}/owners"));
    assert_eq!(read.as_array().unwrap().len(), 2);
    let users = org.run("list-group-owners", json!({"groupId": g, "search": "type eq \"USER\""})).unwrap();
    assert_eq!(users["owners"].as_array().unwrap().len(), 1);
    let out = org.run("remove-group-owner", json!({"groupId": g, "ownerId": lead})).unwrap();
    assert_eq!(out["removed"], true);
    let left = org.read(&format!("/api/v1/groups/{g}/owners"));
    assert_eq!(left.as_array().unwrap().iter().map(|o| o["id"].clone()).collect::<Vec<_>>(), vec![json!(admins)]);
    let types: Vec<String> = org.read("/api/v1/logs?limit=50").as_array().unwrap().iter().map(|e| e["eventType"].as_str().unwrap().to_string()).collect();
    assert!(types.iter().any(|t| t == "group.owner.add") && types.iter().any(|t| t == "group.owner.remove"));
}

#[test]
fn owner_refusals_keep_oktas_detail_and_bad_input_sends_nothing() {
    let org = common::org(0);
    let g = org.group("Owned");
    let lead = org.create_user("lead@example.com")["id"].as_str().unwrap().to_string();
    org.run("add-group-owner", json!({"groupId": g, "ownerId": lead})).unwrap();
    let err = org.run("add-group-owner", json!({"groupId": g, "ownerId": lead})).unwrap_err();
    assert_eq!((err["error"].as_str(), err["okta"]["errorCode"].as_str()), (Some("okta-api"), Some("E0000001")), "already an owner");
    let err = org.run("add-group-owner", json!({"groupId": g, "ownerId": "00unosuchuser0000000"})).unwrap_err();
    assert_eq!(err["error"], "not-found");
    let err = org.run("remove-group-owner", json!({"groupId": g, "ownerId": "00unosuchuser0000000"})).unwrap_err();
    assert_eq!((err["error"].as_str(), err["okta"]["errorCode"].as_str()), (Some("not-found"), Some("E0000007")));
    let err = org.run("list-group-owners", json!({"groupId": "00gnosuchgroup000000"})).unwrap_err();
    assert_eq!(err["error"], "not-found");
    org.sim.clear_requests();
    for (key, input, path) in [
        ("add-group-owner", json!({"groupId": g}), "ownerId"),
        ("add-group-owner", json!({"groupId": g, "ownerId": lead, "ownerType": "APP"}), "ownerType"),
        ("remove-group-owner", json!({"ownerId": lead}), "groupId"),
    ] {
        let err = org.run(key, input).unwrap_err();
        assert_eq!((err["error"].as_str(), err["path"].as_str()), (Some("invalid-input"), Some(path)), "{key}: {err}");
    }
    assert!(org.sim.requests().is_empty());
}
