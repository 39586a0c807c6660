//! No output, error or CLI line carries a secret: tokens, client secrets, private keys.
mod common;

use serde_json::{json, Value};

/// Every secret a connection JSON holds, as substrings to look for (PEM keys by their body lines).
fn secrets_of(connection: &str) -> Vec<String> {
    let c: Value = serde_json::from_str(connection).unwrap();
    let mut found = Vec::new();
    for field in ["apiToken", "clientSecret", "accessToken", "refreshToken", "privateKey", "dpopKey"] {
        if let Some(s) = c[field].as_str() {
            found.extend(s.lines().filter(|l| !l.starts_with("-----") && l.len() > 8).map(str::to_string));
        }
    }
    found
}

fn assert_clean(text: &str, secrets: &[String]) {
    for s in secrets {
        assert!(!text.contains(s.as_str()), "a secret leaked into: {text}");
    }
}

#[test]
fn outputs_and_errors_of_every_connection_type_carry_no_secret() {
    let org = common::org(3);
    let consented = org.consent(&org.web_connection(&["okta.users.read"])).unwrap();
    let service = org.call("list-users", &org.service_connection(false, false, &["okta.users.read"]), json!({})).connection.unwrap();
    let dpop = org.call("list-users", &org.service_connection(true, true, &["okta.users.read"]), json!({})).connection.unwrap();
    for conn in [org.connection.clone(), consented, service, dpop] {
        let secrets = secrets_of(&conn);
        assert!(!secrets.is_empty());
        let mut texts = vec![org.connector.test_connection(&conn).unwrap().map_err(|e| host_test::error_json(&e).to_string()).unwrap_or_else(|e| e)];
        for (key, input) in [
            ("list-users", json!({"limit": 2})),
            ("get-user", json!({"userId": "00unosuchuser0000000"})),
            ("create-user", json!({"profile": {"login": "x@example.com", "email": "x@example.com", "firstName": "X", "lastName": "Y"}})),
            ("create-user", json!({"profile": {}})),
        ] {
            let called = org.call(key, &conn, input);
            texts.push(called.result.map(|v| v.to_string()).unwrap_or_else(|e| e.to_string()));
        }
        texts.iter().for_each(|t| assert_clean(t, &secrets));
    }
}

#[test]
fn the_cli_prints_no_secret_on_success_or_failure() {
    let org = common::org(2);
    let service = org.service_connection(false, false, &["okta.users.read"]);
    let bad_token = json!({"type": "api-token", "oktaDomain": org.sim.url(), "apiToken": "wrong-token-0123456789"}).to_string();
    for (conn, input) in [(&service, r#"{"limit":1}"#), (&service, r#"{"userId":"nobody@example.com"}"#), (&bad_token, "{}")] {
        let action = if input.contains("userId") { "get-user" } else { "list-users" };
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_host-test"))
            .args(["run", action, "--input", input, "--connection", conn, "--okta-url", &org.sim.url()])
            .output()
            .unwrap();
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(!text.trim().is_empty());
        assert_clean(&text, &secrets_of(conn));
    }
}

#[test]
fn factor_answers_and_passcodes_never_appear_in_outputs_or_errors() {
    let org = common::org(0);
    let user = org.create_user("fay@example.com")["id"].as_str().unwrap().to_string();
    let answer = "Grandmother's Trifle";
    let mut texts = Vec::new();
    let enrolled = org.run("enroll-user-factor", json!({"userId": user, "factorType": "question", "question": "grandmother_favorite_desert", "answer": answer})).unwrap();
    let question = enrolled["factorId"].as_str().unwrap().to_string();
    texts.push(enrolled.to_string());
    texts.push(org.run("verify-user-factor", json!({"userId": user, "factorId": question, "answer": answer})).unwrap().to_string());
    texts.push(org.run("verify-user-factor", json!({"userId": user, "factorId": question, "answer": "Wrong Answer Here"})).unwrap_err().to_string());
    texts.push(org.run("list-user-factors", json!({"userId": user})).unwrap().to_string());
    texts.push(org.run("get-user-factor", json!({"userId": user, "factorId": question})).unwrap().to_string());
    let sms = org.run("enroll-user-factor", json!({"userId": user, "factorType": "sms", "phoneNumber": "+15554151337"})).unwrap();
    let sms = sms["factorId"].as_str().unwrap().to_string();
    let sent = org.sim.passcodes().into_iter().find(|p| p.factor_id == sms).unwrap().pass_code;
    let wrong: String = sent.bytes().map(|d| (b'0' + (d - b'0' + 1) % 10) as char).collect();
    texts.push(org.run("activate-user-factor", json!({"userId": user, "factorId": sms, "passCode": wrong})).unwrap_err().to_string());
    texts.push(org.run("activate-user-factor", json!({"userId": user, "factorId": sms, "passCode": sent})).unwrap().to_string());
    texts.push(org.run("enroll-user-factor", json!({"userId": user, "factorType": "question", "question": "first_award", "answer": "abc"})).unwrap_err().to_string());
    let secrets = [answer.to_string(), answer.to_lowercase(), "Wrong Answer Here".into(), sent, wrong, "\"abc\"".into()];
    texts.iter().for_each(|t| assert_clean(t, &secrets));
}
