//! Validates simulator responses against the response schemas of the official
//! management spec (`shared/okta/management-openapi.yaml`, OpenAPI 3.0.3).
//! OpenAPI's `nullable` is translated to JSON Schema; everything else is the
//! spec as published (its known defects are listed in SOURCES.md and avoided
//! here, e.g. no `unique` custom attribute because the spec types it boolean).
//!
//! [`OPERATIONS`] lists every operation the simulator serves and how it is
//! checked; `every_served_operation_has_a_conformance_check` keeps that table
//! in step with the router, the spec and `src/sim/README.md`, and
//! `served_operations_match_the_spec` checks every entry.
mod sim_support;

use host_test::sim::SimConfig;
use serde_json::{json, Value};
use sim_support::{enc, Api, Resp};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::sync::OnceLock;

/// How an operation's response is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum How {
    /// The JSON body is validated against the spec's schema for this status.
    Json(u16),
    /// The spec declares this status without a body: status and empty body asserted.
    Empty(u16),
    /// The spec declares this status without a body, but real orgs answer
    /// `{}` with `application/json` (the reason): status, type and `{}` asserted.
    RealOrg(u16, &'static str),
    /// The spec declares a `text/xml` string for this status: status, content type and an XML body asserted.
    Xml(u16),
    /// Not part of the management spec (the reason).
    Exempt(&'static str),
}
use How::*;

const CONTROL: &str = "the simulator's test-only control path (off unless started with `control`); not Okta's API; covered by sim_control.rs";
const LIFECYCLE_BODY: &str = "every 2025 recording of a real org answers 200 `{}` with application/json (older orgs: an empty 200, or 204 for user deactivate); real orgs win over the spec";

const OAUTH: &str = "OAuth 2.0 authorization server: specified by Okta's separate oauth-minimal.yaml, not the management spec; covered by sim_oauth*.rs";

/// Every operation the simulator serves, under its path in the spec.
const OPERATIONS: &[(&str, &str, How)] = &[
    ("GET", "/api/v1/users", Json(200)),
    ("POST", "/api/v1/users", Json(200)),
    ("GET", "/api/v1/users/{id}", Json(200)),
    ("POST", "/api/v1/users/{id}", Json(200)),
    ("PUT", "/api/v1/users/{id}", Json(200)),
    ("DELETE", "/api/v1/users/{id}", Empty(204)),
    ("POST", "/api/v1/users/{id}/lifecycle/activate", Json(200)),
    ("POST", "/api/v1/users/{id}/lifecycle/reactivate", Json(200)),
    ("POST", "/api/v1/users/{id}/lifecycle/deactivate", RealOrg(200, LIFECYCLE_BODY)),
    ("POST", "/api/v1/users/{id}/lifecycle/suspend", RealOrg(200, LIFECYCLE_BODY)),
    ("POST", "/api/v1/users/{id}/lifecycle/unsuspend", RealOrg(200, LIFECYCLE_BODY)),
    ("POST", "/api/v1/users/{id}/lifecycle/unlock", RealOrg(200, LIFECYCLE_BODY)),
    ("POST", "/api/v1/users/{id}/lifecycle/reset_password", Json(200)),
    ("POST", "/api/v1/users/{id}/lifecycle/expire_password", Json(200)),
    ("POST", "/api/v1/users/{id}/lifecycle/expire_password_with_temp_password", Json(200)),
    ("POST", "/api/v1/users/{id}/lifecycle/reset_factors", RealOrg(200, LIFECYCLE_BODY)),
    ("POST", "/api/v1/users/{userId}/credentials/change_password", Json(200)),
    ("POST", "/api/v1/users/{userId}/credentials/change_recovery_question", Json(200)),
    ("POST", "/api/v1/users/{userId}/credentials/forgot_password", Json(200)),
    ("POST", "/api/v1/users/{userId}/credentials/forgot_password_recovery_question", Json(200)),
    ("PUT", "/api/v1/users/{userIdOrLogin}/linkedObjects/{primaryRelationshipName}/{primaryUserId}", Empty(204)),
    ("GET", "/api/v1/users/{userIdOrLogin}/linkedObjects/{relationshipName}", Json(200)),
    ("DELETE", "/api/v1/users/{userIdOrLogin}/linkedObjects/{relationshipName}", Empty(204)),
    ("GET", "/api/v1/users/{id}/groups", Json(200)),
    ("GET", "/api/v1/users/{id}/appLinks", Json(200)),
    ("GET", "/api/v1/users/{userId}/factors", Json(200)),
    ("POST", "/api/v1/users/{userId}/factors", Json(200)),
    ("GET", "/api/v1/users/{userId}/factors/catalog", Json(200)),
    ("GET", "/api/v1/users/{userId}/factors/questions", Json(200)),
    ("GET", "/api/v1/users/{userId}/factors/{factorId}", Json(200)),
    ("DELETE", "/api/v1/users/{userId}/factors/{factorId}", Empty(204)),
    ("POST", "/api/v1/users/{userId}/factors/{factorId}/lifecycle/activate", Json(200)),
    ("POST", "/api/v1/users/{userId}/factors/{factorId}/resend", Json(200)),
    ("POST", "/api/v1/users/{userId}/factors/{factorId}/verify", Json(200)),
    ("GET", "/api/v1/authenticators", Json(200)),
    ("DELETE", "/api/v1/users/{userId}/sessions", Empty(204)),
    ("GET", "/api/v1/groups", Json(200)),
    ("POST", "/api/v1/groups", Json(200)),
    ("GET", "/api/v1/groups/{groupId}", Json(200)),
    ("PUT", "/api/v1/groups/{groupId}", Json(200)),
    ("DELETE", "/api/v1/groups/{groupId}", Empty(204)),
    ("GET", "/api/v1/groups/{groupId}/users", Json(200)),
    ("PUT", "/api/v1/groups/{groupId}/users/{userId}", Empty(204)),
    ("DELETE", "/api/v1/groups/{groupId}/users/{userId}", Empty(204)),
    ("GET", "/api/v1/groups/rules", Json(200)),
    ("POST", "/api/v1/groups/rules", Json(200)),
    ("GET", "/api/v1/groups/rules/{groupRuleId}", Json(200)),
    ("PUT", "/api/v1/groups/rules/{groupRuleId}", Json(200)),
    ("DELETE", "/api/v1/groups/rules/{groupRuleId}", Empty(202)),
    ("POST", "/api/v1/groups/rules/{groupRuleId}/lifecycle/activate", Empty(204)),
    ("POST", "/api/v1/groups/rules/{groupRuleId}/lifecycle/deactivate", Empty(204)),
    ("GET", "/api/v1/groups/{groupId}/owners", Json(200)),
    ("POST", "/api/v1/groups/{groupId}/owners", Json(201)),
    ("DELETE", "/api/v1/groups/{groupId}/owners/{ownerId}", Empty(204)),
    ("GET", "/api/v1/groups/{groupId}/roles", Json(200)),
    ("POST", "/api/v1/groups/{groupId}/roles", Json(200)),
    ("DELETE", "/api/v1/groups/{groupId}/roles/{roleAssignmentId}", Empty(204)),
    ("GET", "/api/v1/users/{userId}/roles", Json(200)),
    ("POST", "/api/v1/users/{userId}/roles", Json(201)),
    ("DELETE", "/api/v1/users/{userId}/roles/{roleAssignmentId}", Empty(204)),
    ("GET", "/api/v1/apps", Json(200)),
    ("POST", "/api/v1/apps", Json(200)),
    ("GET", "/api/v1/apps/{appId}", Json(200)),
    ("DELETE", "/api/v1/apps/{appId}", Empty(204)),
    ("POST", "/api/v1/apps/{appId}/lifecycle/activate", RealOrg(200, LIFECYCLE_BODY)),
    ("POST", "/api/v1/apps/{appId}/lifecycle/deactivate", RealOrg(200, LIFECYCLE_BODY)),
    ("GET", "/api/v1/apps/{appId}/users", Json(200)),
    ("POST", "/api/v1/apps/{appId}/users", Json(200)),
    ("GET", "/api/v1/apps/{appId}/users/{userId}", Json(200)),
    ("POST", "/api/v1/apps/{appId}/users/{userId}", Json(200)),
    ("DELETE", "/api/v1/apps/{appId}/users/{userId}", Empty(204)),
    ("GET", "/api/v1/apps/{appId}/credentials/keys", Json(200)),
    ("GET", "/api/v1/apps/{appId}/credentials/keys/{keyId}", Json(200)),
    ("GET", "/api/v1/apps/{appId}/sso/saml/metadata", Xml(200)),
    ("GET", "/api/v1/apps/{appId}/groups", Json(200)),
    ("GET", "/api/v1/apps/{appId}/groups/{groupId}", Json(200)),
    ("PUT", "/api/v1/apps/{appId}/groups/{groupId}", Json(200)),
    ("PATCH", "/api/v1/apps/{appId}/groups/{groupId}", Json(200)),
    ("DELETE", "/api/v1/apps/{appId}/groups/{groupId}", Empty(204)),
    ("GET", "/api/v1/meta/schemas/user/{schemaId}", Json(200)),
    ("POST", "/api/v1/meta/schemas/user/{schemaId}", Json(200)),
    ("GET", "/api/v1/meta/schemas/group/default", Json(200)),
    ("POST", "/api/v1/meta/schemas/group/default", Json(200)),
    ("GET", "/api/v1/meta/schemas/apps/{appId}/default", Json(200)),
    ("POST", "/api/v1/meta/schemas/apps/{appId}/default", Json(200)),
    ("GET", "/api/v1/meta/types/user", Json(200)),
    ("POST", "/api/v1/meta/types/user", Json(200)),
    ("GET", "/api/v1/meta/types/user/{typeId}", Json(200)),
    ("POST", "/api/v1/meta/types/user/{typeId}", Json(200)),
    ("PUT", "/api/v1/meta/types/user/{typeId}", Json(200)),
    ("DELETE", "/api/v1/meta/types/user/{typeId}", Empty(204)),
    ("GET", "/api/v1/meta/schemas/user/linkedObjects", Json(200)),
    ("POST", "/api/v1/meta/schemas/user/linkedObjects", Json(201)),
    ("GET", "/api/v1/meta/schemas/user/linkedObjects/{linkedObjectName}", Json(200)),
    ("DELETE", "/api/v1/meta/schemas/user/linkedObjects/{linkedObjectName}", Empty(204)),
    ("GET", "/api/v1/eventHooks", Json(200)),
    ("POST", "/api/v1/eventHooks", Json(200)),
    ("GET", "/api/v1/eventHooks/{eventHookId}", Json(200)),
    ("PUT", "/api/v1/eventHooks/{eventHookId}", Json(200)),
    ("DELETE", "/api/v1/eventHooks/{eventHookId}", Empty(204)),
    ("POST", "/api/v1/eventHooks/{eventHookId}/lifecycle/activate", Json(200)),
    ("POST", "/api/v1/eventHooks/{eventHookId}/lifecycle/deactivate", Json(200)),
    ("POST", "/api/v1/eventHooks/{eventHookId}/lifecycle/verify", Json(200)),
    ("GET", "/api/v1/logs", Json(200)),
    ("GET", "/api/v1/realms", Json(200)),
    ("GET", "/api/v1/realms/{realmId}", Json(200)),
    ("GET", "/api/v1/policies", Json(200)),
    ("POST", "/api/v1/policies", Json(200)),
    ("GET", "/api/v1/policies/{policyId}", Json(200)),
    ("PUT", "/api/v1/policies/{policyId}", Json(200)),
    ("DELETE", "/api/v1/policies/{policyId}", Empty(204)),
    ("POST", "/api/v1/policies/{policyId}/lifecycle/activate", Empty(204)),
    ("POST", "/api/v1/policies/{policyId}/lifecycle/deactivate", Empty(204)),
    ("GET", "/api/v1/policies/{policyId}/mappings", Json(200)),
    ("GET", "/api/v1/policies/{policyId}/rules", Json(200)),
    ("POST", "/api/v1/policies/{policyId}/rules", Json(200)),
    ("GET", "/api/v1/policies/{policyId}/rules/{ruleId}", Json(200)),
    ("PUT", "/api/v1/policies/{policyId}/rules/{ruleId}", Json(200)),
    ("DELETE", "/api/v1/policies/{policyId}/rules/{ruleId}", Empty(204)),
    ("POST", "/api/v1/policies/{policyId}/rules/{ruleId}/lifecycle/activate", Empty(204)),
    ("POST", "/api/v1/policies/{policyId}/rules/{ruleId}/lifecycle/deactivate", Empty(204)),
    ("PUT", "/api/v1/apps/{appId}/policies/{policyId}", Empty(204)),
    ("GET", "/api/v1/identity-sources/{identitySourceId}/sessions", Json(200)),
    ("POST", "/api/v1/identity-sources/{identitySourceId}/sessions", Json(200)),
    ("GET", "/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}", Json(200)),
    ("DELETE", "/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}", Empty(204)),
    ("POST", "/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/bulk-upsert", Empty(202)),
    ("POST", "/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/bulk-delete", Empty(202)),
    ("POST", "/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/start-import", Json(200)),
    ("GET", "/oauth2/v1/authorize", Exempt(OAUTH)),
    ("POST", "/oauth2/v1/token", Exempt(OAUTH)),
    ("POST", "/oauth2/v1/revoke", Exempt(OAUTH)),
    ("POST", "/sim/faults", Exempt(CONTROL)),
    ("DELETE", "/sim/faults", Exempt(CONTROL)),
    ("GET", "/sim/deliveries", Exempt(CONTROL)),
    ("POST", "/sim/deliveries/{eventId}/redeliver", Exempt(CONTROL)),
    ("GET", "/sim/passcodes", Exempt(CONTROL)),
];

/// Spec operations whose literal path falls into one of the simulator's
/// `{id}` routes: the simulator answers them as a lookup of an object with
/// that id (a 404), it does not model them.
const CAPTURED_BY_ID_ROUTES: &[(&str, &str)] = &[];

/// Properties the spec types as non-nullable that real orgs send as `null`
/// (schema, property, why); the check treats them as nullable.
const REAL_ORG_NULLS: &[(&str, &str, &str)] = &[
    ("AppUser", "externalId", "recorded app users carry `externalId: null` until an import links them"),
    ("OktaUserGroupProfile", "description", "recorded groups without a description carry `description: null`"),
    ("ApplicationAccessibility", "errorRedirectUrl", "every recorded app carries `accessibility.errorRedirectUrl: null` unless one is set"),
    ("ApplicationAccessibility", "loginRedirectUrl", "every recorded app carries `accessibility.loginRedirectUrl: null` unless one is set"),
];

fn spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        let path = std::env::var("OKTA_SPEC").unwrap_or_else(|_| format!("{}/../../shared/okta/management-openapi.yaml", env!("CARGO_MANIFEST_DIR")));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("spec not found at {path} ({e}); set OKTA_SPEC"));
        let mut spec: Value = serde_norway::from_str(&text).expect("spec parses");
        for (schema, property, _) in REAL_ORG_NULLS {
            let p = spec["components"]["schemas"][schema]["properties"].get_mut(*property);
            let p = p.and_then(Value::as_object_mut).unwrap_or_else(|| panic!("spec has no {schema}.{property}; drop it from REAL_ORG_NULLS"));
            p.insert("nullable".into(), Value::Bool(true));
        }
        nullable_to_json_schema(&mut spec["components"]);
        spec
    })
}

/// OpenAPI 3.0 `nullable: true` → JSON Schema `null` alternative.
fn nullable_to_json_schema(v: &mut Value) {
    match v {
        Value::Array(items) => items.iter_mut().for_each(nullable_to_json_schema),
        Value::Object(map) => {
            map.values_mut().for_each(nullable_to_json_schema);
            if map.get("nullable") != Some(&Value::Bool(true)) {
                return;
            }
            map.remove("nullable");
            match map.get("type").cloned() {
                Some(Value::String(t)) => {
                    map.insert("type".into(), json!([t, "null"]));
                    if let Some(Value::Array(e)) = map.get_mut("enum") {
                        e.push(Value::Null);
                    }
                }
                _ => {
                    let inner = Value::Object(std::mem::take(map));
                    *v = json!({"anyOf": [inner, {"type": "null"}]});
                }
            }
        }
        _ => {}
    }
}

/// `paths[path][method].responses[status]`, `$ref`s to shared responses followed.
fn spec_response(method: &str, path: &str, status: u16) -> &'static Value {
    let op = &spec()["paths"][path][method.to_lowercase()];
    assert!(op.is_object(), "spec has no {method} {path}");
    let r = &op["responses"][status.to_string()];
    match r["$ref"].as_str().and_then(|p| p.strip_prefix("#/components/responses/")) {
        Some(name) => &spec()["components"]["responses"][name],
        None => r,
    }
}

/// Whether the spec's response for `how` has the declared shape.
fn spec_declares(method: &str, path: &str, how: How) -> Result<(), String> {
    let (status, json) = match how {
        Json(s) => (s, true),
        Empty(s) | RealOrg(s, _) => (s, false),
        Xml(s) => {
            let declared = spec_response(method, path, s)["content"]["text/xml"]["schema"]["type"] == "string";
            return if declared { Ok(()) } else { Err(format!("spec's {s} response for {method} {path} is not a text/xml string")) };
        }
        Exempt(_) => return Ok(()),
    };
    let op = &spec()["paths"][path][method.to_lowercase()];
    if !op.is_object() {
        return Err(format!("spec has no {method} {path}"));
    }
    let r = spec_response(method, path, status);
    match (r.is_object(), json, r.get("content")) {
        (false, ..) => Err(format!("spec has no {status} response for {method} {path}")),
        (true, true, Some(c)) if c["application/json"]["schema"].is_object() => Ok(()),
        (true, false, None) => Ok(()),
        (true, false, Some(c)) if c.as_object().is_some_and(|c| c.is_empty()) => Ok(()),
        _ => Err(format!("spec's {status} response for {method} {path} is not {how:?}")),
    }
}

/// Runs checks and records which (method, spec path, how) were checked.
#[derive(Default)]
struct Checks {
    errors: Vec<String>,
    done: BTreeSet<(&'static str, &'static str, How)>,
}

impl Checks {
    /// Validates the JSON response against `paths[path][method].responses[status]`.
    fn json(&mut self, api: &Api, method: &'static str, url: &str, body: Option<&Value>, path: &'static str, status: u16) -> Resp {
        self.json_detaching(api, method, url, body, path, status, |_| Vec::new())
    }

    /// Like [`Checks::json`], for a response part the spec types wrongly:
    /// `detach` takes such parts out of the body and names the component
    /// schema each is validated against instead.
    fn json_detaching(&mut self, api: &Api, method: &'static str, url: &str, body: Option<&Value>, path: &'static str, status: u16, detach: fn(&mut Value) -> Vec<(Value, &'static str)>) -> Resp {
        spec_declares(method, path, Json(status)).unwrap_or_else(|e| panic!("{e}"));
        let schema = &spec_response(method, path, status)["content"]["application/json"]["schema"];
        self.done.insert((method, path, Json(status)));
        let r = api.call(method, url, body);
        if r.status != status {
            self.errors.push(format!("{method} {url}: status {} (expected {status}): {}", r.status, r.text));
            return r;
        }
        let mut instance = match serde_json::from_str::<Value>(&r.text) {
            Ok(v) => v,
            Err(e) => {
                self.errors.push(format!("{method} {url}: body is not JSON ({e}): {:?}", r.text));
                return r;
            }
        };
        let detached = detach(&mut instance);
        let parts = std::iter::once((instance, schema.clone(), path.to_string()))
            .chain(detached.into_iter().map(|(v, name)| (v, json!({"$ref": format!("#/components/schemas/{name}")}), format!("{path} ({name})"))));
        for (instance, schema, at) in parts {
            let root = json!({"allOf": [schema], "components": spec()["components"]});
            let validator = jsonschema::draft4::new(&root).unwrap_or_else(|e| panic!("schema for {method} {at} compiles: {e}"));
            // Draft 4 has no OpenAPI discriminator: a standard role is valid under both branches of the spec's
            // StandardRole/CustomRole `oneOf`; those responses are also checked against the mapped branch (`standard_roles`).
            let errors = validator.iter_errors(&instance).filter(|e| !e.to_string().contains("is valid under more than one of the schemas listed in the 'oneOf'"));
            self.errors.extend(errors.map(|e| format!("{method} {url} vs {at}: {} at {}", e, e.instance_path())).take(5));
        }
        r
    }

    /// Asserts the `{}` JSON body real orgs send where the spec declares none.
    fn real_org(&mut self, api: &Api, method: &'static str, url: &str, path: &'static str, status: u16) {
        let how = OPERATIONS.iter().find(|(m, p, _)| *m == method && *p == path).map(|o| o.2).unwrap_or_else(|| panic!("{method} {path} not in OPERATIONS"));
        assert!(matches!(how, RealOrg(s, _) if s == status), "{method} {path} is {how:?} in OPERATIONS");
        spec_declares(method, path, how).unwrap_or_else(|e| panic!("{e}"));
        self.done.insert((method, path, how));
        let r = api.call(method, url, None);
        let json = r.header("content-type").is_some_and(|t| t.starts_with("application/json"));
        if (r.status, json, r.text.as_str()) != (status, true, "{}") {
            self.errors.push(format!("{method} {url}: {} {:?} {:?} (real orgs: {status} `{{}}` as application/json)", r.status, r.header("content-type"), r.text));
        }
    }

    /// Asserts the status, the `text/xml` type and an XML document, as the spec declares.
    fn xml(&mut self, api: &Api, url: &str, path: &'static str, status: u16) -> Resp {
        spec_declares("GET", path, Xml(status)).unwrap_or_else(|e| panic!("{e}"));
        self.done.insert(("GET", path, Xml(status)));
        let r = api.call("GET", url, None);
        let xml = r.header("content-type").is_some_and(|t| t.starts_with("text/xml"));
        if (r.status, xml, r.text.starts_with("<?xml ")) != (status, true, true) {
            self.errors.push(format!("GET {url}: {} {:?} {:?} (spec: {status} text/xml)", r.status, r.header("content-type"), r.text));
        }
        r
    }

    /// Asserts the status and the empty body the spec declares.
    fn empty(&mut self, api: &Api, method: &'static str, url: &str, path: &'static str, status: u16) {
        self.empty_sending(api, method, url, None, path, status);
    }

    /// [`Checks::empty`] for a request with a body.
    fn empty_sending(&mut self, api: &Api, method: &'static str, url: &str, body: Option<&Value>, path: &'static str, status: u16) {
        spec_declares(method, path, Empty(status)).unwrap_or_else(|e| panic!("{e}"));
        self.done.insert((method, path, Empty(status)));
        let r = api.call(method, url, body);
        if (r.status, r.text.as_str()) != (status, "") {
            self.errors.push(format!("{method} {url}: {} {:?} (spec: {status} without a body)", r.status, r.text));
        }
    }
}

fn id_of(v: &Value) -> String {
    v["id"].as_str().unwrap_or_else(|| panic!("no id in {v}")).to_string()
}

const PASSWORD: &str = "Tr0ub4dor&3x";

fn users(c: &mut Checks) {
    let api = Api::start(60);
    let u = api.create_user("conform@example.com", "?activate=true", Some(json!({"password": {"value": PASSWORD}, "recovery_question": {"question": "q?", "answer": "answer"}})));
    let id = id_of(&u);
    let profile = json!({"profile": {"title": "Tester"}});
    c.json(&api, "GET", "/api/v1/users?limit=50", None, "/api/v1/users", 200);
    c.json(&api, "GET", &format!("/api/v1/users?search={}", enc("status eq \"DEPROVISIONED\"")), None, "/api/v1/users", 200);
    c.json(&api, "GET", &format!("/api/v1/users/{id}"), None, "/api/v1/users/{id}", 200);
    c.json(&api, "POST", &format!("/api/v1/users/{id}"), Some(&profile), "/api/v1/users/{id}", 200);
    let replace = json!({"profile": {"login": "conform@example.com", "email": "conform@example.com", "firstName": "Con", "lastName": "Form", "title": "Replaced"}});
    c.json(&api, "PUT", &format!("/api/v1/users/{id}"), Some(&replace), "/api/v1/users/{id}", 200);
    c.json(&api, "GET", "/api/v1/users/00unknown00000000000", None, "/api/v1/users/{id}", 404);
    c.json(&api, "GET", &format!("/api/v1/users/{id}/groups"), None, "/api/v1/users/{id}/groups", 200);
    c.json(&api, "GET", &format!("/api/v1/users/{id}/appLinks"), None, "/api/v1/users/{id}/appLinks", 200);
    c.json(&api, "GET", &format!("/api/v1/users/{id}/factors"), None, "/api/v1/users/{userId}/factors", 200);
    c.real_org(&api, "POST", &format!("/api/v1/users/{id}/lifecycle/suspend"), "/api/v1/users/{id}/lifecycle/suspend", 200);
    c.real_org(&api, "POST", &format!("/api/v1/users/{id}/lifecycle/unsuspend"), "/api/v1/users/{id}/lifecycle/unsuspend", 200);
    c.empty(&api, "DELETE", &format!("/api/v1/users/{id}/sessions?oauthTokens=true"), "/api/v1/users/{userId}/sessions", 204);
    c.json(&api, "POST", &format!("/api/v1/users/{id}/lifecycle/expire_password"), None, "/api/v1/users/{id}/lifecycle/expire_password", 200);
    c.json(&api, "POST", &format!("/api/v1/users/{id}/lifecycle/expire_password_with_temp_password"), None, "/api/v1/users/{id}/lifecycle/expire_password_with_temp_password", 200);
    c.json(&api, "POST", &format!("/api/v1/users/{id}/lifecycle/reset_password?sendEmail=false"), None, "/api/v1/users/{id}/lifecycle/reset_password", 200);
    let staged = id_of(&api.create_user("conform.staged@example.com", "?activate=false", None));
    c.json(&api, "POST", &format!("/api/v1/users/{staged}/lifecycle/activate?sendEmail=false"), None, "/api/v1/users/{id}/lifecycle/activate", 200);
    // A seeded ACTIVE user has enrolled factors.
    let seeded = id_of(&api.get(&format!("/api/v1/users?filter={}&limit=1", enc("status eq \"ACTIVE\""))).json()[0]);
    let factor = id_of(&api.get(&format!("/api/v1/users/{seeded}/factors")).json()[0]);
    c.empty(&api, "DELETE", &format!("/api/v1/users/{seeded}/factors/{factor}"), "/api/v1/users/{userId}/factors/{factorId}", 204);
    // Only a LOCKED_OUT user can be unlocked (real orgs refuse ACTIVE ones).
    let locked = id_of(&api.get(&format!("/api/v1/users?filter={}&limit=1", enc("status eq \"LOCKED_OUT\""))).json()[0]);
    c.real_org(&api, "POST", &format!("/api/v1/users/{locked}/lifecycle/unlock"), "/api/v1/users/{id}/lifecycle/unlock", 200);
    c.real_org(&api, "POST", &format!("/api/v1/users/{seeded}/lifecycle/reset_factors"), "/api/v1/users/{id}/lifecycle/reset_factors", 200);
    c.real_org(&api, "POST", &format!("/api/v1/users/{seeded}/lifecycle/deactivate"), "/api/v1/users/{id}/lifecycle/deactivate", 200);
    // Deleting is two-step: an active user is deactivated, a deprovisioned one deleted.
    c.empty(&api, "DELETE", &format!("/api/v1/users/{staged}"), "/api/v1/users/{id}", 204);
    c.empty(&api, "DELETE", &format!("/api/v1/users/{seeded}"), "/api/v1/users/{id}", 204);
}

/// A pending SMS, call or email factor's `_links.resend` is an array of named links, as in the spec's
/// own examples (`EnrollFactorSmsResponse`); its `LinksResend` schema says one object. Each link is
/// checked as an `HrefObject`.
fn resend_links(v: &mut Value) -> Vec<(Value, &'static str)> {
    let links = v["_links"].as_object_mut().and_then(|l| l.remove("resend"));
    links.and_then(|l| l.as_array().cloned()).unwrap_or_default().into_iter().map(|l| (l, "HrefObject")).collect()
}

fn factors(c: &mut Checks) {
    let api = Api::start(0);
    let id = id_of(&api.create_user("factors.conform@example.com", "?activate=true", Some(json!({"password": {"value": PASSWORD}}))));
    let factors = format!("/api/v1/users/{id}/factors");
    c.json(&api, "GET", "/api/v1/authenticators", None, "/api/v1/authenticators", 200);
    c.json(&api, "GET", &format!("{factors}/catalog"), None, "/api/v1/users/{userId}/factors/catalog", 200);
    c.json(&api, "GET", &format!("{factors}/questions"), None, "/api/v1/users/{userId}/factors/questions", 200);
    let totp = json!({"factorType": "token:software:totp", "provider": "GOOGLE"});
    c.json(&api, "POST", &factors, Some(&totp), "/api/v1/users/{userId}/factors", 200);
    let sms = json!({"factorType": "sms", "provider": "OKTA", "profile": {"phoneNumber": "+1-555-415-1337"}});
    let sms = id_of(&c.json_detaching(&api, "POST", &factors, Some(&sms), "/api/v1/users/{userId}/factors", 200, resend_links).json());
    c.json(&api, "POST", &factors, Some(&json!({"factorType": "push", "provider": "OKTA"})), "/api/v1/users/{userId}/factors", 400);
    c.json_detaching(&api, "GET", &format!("{factors}/{sms}"), None, "/api/v1/users/{userId}/factors/{factorId}", 200, resend_links);
    c.json(&api, "GET", &format!("{factors}/ufsnosuchfactor000000"), None, "/api/v1/users/{userId}/factors/{factorId}", 404);
    let resend = json!({"factorType": "sms", "provider": "OKTA", "profile": {"phoneNumber": "+1-555-415-1337"}});
    c.json_detaching(&api, "POST", &format!("{factors}/{sms}/resend"), Some(&resend), "/api/v1/users/{userId}/factors/{factorId}/resend", 200, resend_links);
    let activate = format!("{factors}/{sms}/lifecycle/activate");
    c.json(&api, "POST", &activate, Some(&json!({"passCode": "not-it"})), "/api/v1/users/{userId}/factors/{factorId}/lifecycle/activate", 403);
    let pass_code = api.sim.passcodes().into_iter().find(|p| p.factor_id == sms).expect("a passcode was sent").pass_code;
    c.json(&api, "POST", &activate, Some(&json!({"passCode": pass_code})), "/api/v1/users/{userId}/factors/{factorId}/lifecycle/activate", 200);
    let question = json!({"factorType": "question", "provider": "OKTA", "profile": {"question": "first_award", "answer": "spelling bee"}});
    let question = id_of(&c.json(&api, "POST", &factors, Some(&question), "/api/v1/users/{userId}/factors", 200).json());
    let verify = format!("{factors}/{question}/verify");
    c.json(&api, "POST", &verify, Some(&json!({"answer": "Spelling Bee"})), "/api/v1/users/{userId}/factors/{factorId}/verify", 200);
    c.json(&api, "POST", &verify, Some(&json!({"answer": "chess"})), "/api/v1/users/{userId}/factors/{factorId}/verify", 403);
}

fn credentials(c: &mut Checks) {
    let api = Api::start(5);
    let new_user = json!({"profile": {"login": "created@example.com", "email": "created@example.com", "firstName": "C", "lastName": "R"},
        "credentials": {"password": {"value": PASSWORD}, "recovery_question": {"question": "q?", "answer": "an answer"}}});
    c.json(&api, "POST", "/api/v1/users?activate=true", Some(&new_user), "/api/v1/users", 200);
    c.json(&api, "POST", "/api/v1/users", Some(&new_user), "/api/v1/users", 400);
    let id = id_of(&api.get("/api/v1/users/created@example.com").json());
    let change = json!({"oldPassword": {"value": PASSWORD}, "newPassword": {"value": "N3w-Passw0rd-x"}});
    c.json(&api, "POST", &format!("/api/v1/users/{id}/credentials/change_password"), Some(&change), "/api/v1/users/{userId}/credentials/change_password", 200);
    let question = json!({"password": {"value": "N3w-Passw0rd-x"}, "recovery_question": {"question": "new?", "answer": "new answer"}});
    c.json(&api, "POST", &format!("/api/v1/users/{id}/credentials/change_recovery_question"), Some(&question), "/api/v1/users/{userId}/credentials/change_recovery_question", 200);
    let forgot = "/api/v1/users/{userId}/credentials/forgot_password";
    c.json(&api, "POST", &format!("/api/v1/users/{id}/credentials/forgot_password?sendEmail=false"), None, forgot, 200);
    c.json(&api, "POST", &format!("/api/v1/users/{id}/credentials/forgot_password"), None, forgot, 200);
    let recovery = "/api/v1/users/{userId}/credentials/forgot_password_recovery_question";
    let wrong = json!({"password": {"value": "F0rgot-Passw0rd-x"}, "recovery_question": {"answer": "not it"}});
    c.json(&api, "POST", &format!("/api/v1/users/{id}/credentials/forgot_password_recovery_question"), Some(&wrong), recovery, 403);
    let right = json!({"password": {"value": "F0rgot-Passw0rd-x"}, "recovery_question": {"answer": "New Answer"}});
    c.json(&api, "POST", &format!("/api/v1/users/{id}/credentials/forgot_password_recovery_question"), Some(&right), recovery, 200);
    let manager = id_of(&api.get("/api/v1/users?limit=1").json()[0]);
    let definition = json!({"primary": {"name": "manager", "title": "Manager", "description": "Manager link", "type": "USER"},
        "associated": {"name": "subordinate", "title": "Subordinate", "type": "USER"}});
    let definitions = "/api/v1/meta/schemas/user/linkedObjects";
    c.json(&api, "POST", definitions, Some(&definition), definitions, 201);
    c.json(&api, "POST", definitions, Some(&definition), definitions, 409);
    c.json(&api, "GET", definitions, None, definitions, 200);
    let one = "/api/v1/meta/schemas/user/linkedObjects/{linkedObjectName}";
    c.json(&api, "GET", &format!("{definitions}/subordinate"), None, one, 200);
    c.empty(&api, "PUT", &format!("/api/v1/users/{id}/linkedObjects/manager/{manager}"), "/api/v1/users/{userIdOrLogin}/linkedObjects/{primaryRelationshipName}/{primaryUserId}", 204);
    let values = "/api/v1/users/{userIdOrLogin}/linkedObjects/{relationshipName}";
    c.json(&api, "GET", &format!("/api/v1/users/{id}/linkedObjects/manager"), None, values, 200);
    c.json(&api, "GET", &format!("/api/v1/users/{manager}/linkedObjects/subordinate"), None, values, 200);
    c.empty(&api, "DELETE", &format!("/api/v1/users/{id}/linkedObjects/manager"), values, 204);
    c.empty(&api, "DELETE", &format!("{definitions}/manager"), one, 204);
    c.json(&api, "GET", &format!("{definitions}/manager"), None, one, 404);
    let provisioned = id_of(&api.create_user("prov.conform@example.com", "?activate=true", None));
    c.json(&api, "POST", &format!("/api/v1/users/{provisioned}/lifecycle/reactivate?sendEmail=false"), None, "/api/v1/users/{id}/lifecycle/reactivate", 200);
}

fn groups(c: &mut Checks) {
    let api = Api::start(20);
    let user = id_of(&api.create_user("member@example.com", "?activate=false", None));
    let seeded = id_of(&api.get("/api/v1/groups?q=Eng").json()[0]);
    c.json(&api, "GET", "/api/v1/groups", None, "/api/v1/groups", 200);
    c.json(&api, "GET", "/api/v1/groups?expand=stats", None, "/api/v1/groups", 200);
    c.json(&api, "GET", &format!("/api/v1/groups/{seeded}"), None, "/api/v1/groups/{groupId}", 200);
    c.json(&api, "GET", &format!("/api/v1/groups/{seeded}/users"), None, "/api/v1/groups/{groupId}/users", 200);
    let g = c.json(&api, "POST", "/api/v1/groups", Some(&json!({"profile": {"name": "Conformists", "description": "d"}})), "/api/v1/groups", 200);
    let group = id_of(&g.json());
    c.json(&api, "PUT", &format!("/api/v1/groups/{group}"), Some(&json!({"profile": {"name": "Conformists 2", "description": "e"}})), "/api/v1/groups/{groupId}", 200);
    c.empty(&api, "PUT", &format!("/api/v1/groups/{group}/users/{user}"), "/api/v1/groups/{groupId}/users/{userId}", 204);
    c.json(&api, "GET", &format!("/api/v1/users/{user}/groups"), None, "/api/v1/users/{id}/groups", 200);
    c.empty(&api, "DELETE", &format!("/api/v1/groups/{group}/users/{user}"), "/api/v1/groups/{groupId}/users/{userId}", 204);
    c.empty(&api, "DELETE", &format!("/api/v1/groups/{group}"), "/api/v1/groups/{groupId}", 204);
}

/// Role assignments, for the StandardRole branch their `type` maps to.
fn standard_roles(v: &mut Value) -> Vec<(Value, &'static str)> {
    let roles = match v {
        Value::Array(items) => items.clone(),
        one => vec![one.clone()],
    };
    roles.into_iter().map(|r| (r, "StandardRole")).collect()
}

fn rules_owners_roles(c: &mut Checks) {
    let api = Api::start(0);
    let group = id_of(&api.post("/api/v1/groups", &json!({"profile": {"name": "Rule target"}})).json());
    let user = id_of(&api.create_user("ruled@example.com", "?activate=true", Some(json!({"password": {"value": PASSWORD}}))));
    let body = json!({"type": "group_rule", "name": "Engineers", "conditions": {"people": {"users": {"exclude": []}},
        "expression": {"value": "user.department==\"Engineering\"", "type": "urn:okta:expression:1.0"}},
        "actions": {"assignUserToGroups": {"groupIds": [group]}}});
    let rule = id_of(&c.json(&api, "POST", "/api/v1/groups/rules", Some(&body), "/api/v1/groups/rules", 200).json());
    c.json(&api, "POST", "/api/v1/groups/rules", Some(&json!({"name": ""})), "/api/v1/groups/rules", 400);
    c.json(&api, "GET", "/api/v1/groups/rules", None, "/api/v1/groups/rules", 200);
    c.json(&api, "GET", &format!("/api/v1/groups/rules/{rule}"), None, "/api/v1/groups/rules/{groupRuleId}", 200);
    c.json(&api, "PUT", &format!("/api/v1/groups/rules/{rule}"), Some(&body), "/api/v1/groups/rules/{groupRuleId}", 200);
    c.empty(&api, "POST", &format!("/api/v1/groups/rules/{rule}/lifecycle/activate"), "/api/v1/groups/rules/{groupRuleId}/lifecycle/activate", 204);
    c.json(&api, "PUT", &format!("/api/v1/groups/rules/{rule}"), Some(&body), "/api/v1/groups/rules/{groupRuleId}", 400);
    c.empty(&api, "POST", &format!("/api/v1/groups/rules/{rule}/lifecycle/deactivate"), "/api/v1/groups/rules/{groupRuleId}/lifecycle/deactivate", 204);
    c.empty(&api, "DELETE", &format!("/api/v1/groups/rules/{rule}"), "/api/v1/groups/rules/{groupRuleId}", 202);
    c.json(&api, "POST", &format!("/api/v1/groups/{group}/owners"), Some(&json!({"id": user, "type": "USER"})), "/api/v1/groups/{groupId}/owners", 201);
    c.json(&api, "GET", &format!("/api/v1/groups/{group}/owners"), None, "/api/v1/groups/{groupId}/owners", 200);
    c.empty(&api, "DELETE", &format!("/api/v1/groups/{group}/owners/{user}"), "/api/v1/groups/{groupId}/owners/{ownerId}", 204);
    let role = id_of(&c.json_detaching(&api, "POST", &format!("/api/v1/users/{user}/roles"), Some(&json!({"type": "HELP_DESK_ADMIN"})), "/api/v1/users/{userId}/roles", 201, standard_roles).json());
    c.json_detaching(&api, "GET", &format!("/api/v1/users/{user}/roles"), None, "/api/v1/users/{userId}/roles", 200, standard_roles);
    c.empty(&api, "DELETE", &format!("/api/v1/users/{user}/roles/{role}"), "/api/v1/users/{userId}/roles/{roleAssignmentId}", 204);
    let role = id_of(&c.json_detaching(&api, "POST", &format!("/api/v1/groups/{group}/roles"), Some(&json!({"type": "APP_ADMIN"})), "/api/v1/groups/{groupId}/roles", 200, standard_roles).json());
    c.json_detaching(&api, "GET", &format!("/api/v1/groups/{group}/roles"), None, "/api/v1/groups/{groupId}/roles", 200, standard_roles);
    c.empty(&api, "DELETE", &format!("/api/v1/groups/{group}/roles/{role}"), "/api/v1/groups/{groupId}/roles/{roleAssignmentId}", 204);
}

fn apps(c: &mut Checks) {
    let api = Api::start(60);
    let app = id_of(&api.get("/api/v1/apps?q=Workday").json()[0]);
    let assigned = id_of(&api.get(&format!("/api/v1/apps/{app}/users?limit=1")).json()[0]);
    c.json(&api, "GET", "/api/v1/apps", None, "/api/v1/apps", 200);
    c.json(&api, "GET", &format!("/api/v1/apps/{app}"), None, "/api/v1/apps/{appId}", 200);
    c.json(&api, "GET", &format!("/api/v1/apps/{app}/users"), None, "/api/v1/apps/{appId}/users", 200);
    c.json(&api, "GET", &format!("/api/v1/apps/{app}/users/{assigned}"), None, "/api/v1/apps/{appId}/users/{userId}", 200);
    let keys = c.json(&api, "GET", &format!("/api/v1/apps/{app}/credentials/keys"), None, "/api/v1/apps/{appId}/credentials/keys", 200).json();
    let kid = keys[0]["kid"].as_str().unwrap_or_default().to_string();
    c.json(&api, "GET", &format!("/api/v1/apps/{app}/credentials/keys/{kid}"), None, "/api/v1/apps/{appId}/credentials/keys/{keyId}", 200);
    c.json(&api, "GET", &format!("/api/v1/apps/{app}/credentials/keys/nosuchkey"), None, "/api/v1/apps/{appId}/credentials/keys/{keyId}", 404);
    c.xml(&api, &format!("/api/v1/apps/{app}/sso/saml/metadata?kid={kid}"), "/api/v1/apps/{appId}/sso/saml/metadata", 200);
    let team = id_of(&api.get("/api/v1/apps?q=Team").json()[0]);
    let user = id_of(&api.create_user("assignee@example.com", "?activate=true", Some(json!({"password": {"value": PASSWORD}}))));
    c.json(&api, "POST", &format!("/api/v1/apps/{team}/users"), Some(&json!({"id": user, "scope": "USER"})), "/api/v1/apps/{appId}/users", 200);
    c.json(&api, "POST", &format!("/api/v1/apps/{team}/users/{user}"), Some(&json!({"profile": {"given_name": "Assi"}})), "/api/v1/apps/{appId}/users/{userId}", 200);
    // Spec defect: Application._embedded.user is typed as a map of objects
    // although its description (and Okta) embed the AppUser itself; the
    // embedded user is validated against AppUser instead.
    let expand = format!("/api/v1/apps?expand=user/{user}&filter={}", enc(&format!("user.id eq \"{user}\"")));
    c.json_detaching(&api, "GET", &expand, None, "/api/v1/apps", 200, |apps| {
        apps.as_array_mut().unwrap().iter_mut().filter_map(|a| a["_embedded"].as_object_mut()?.remove("user")).map(|u| (u, "AppUser")).collect()
    });
    c.json(&api, "GET", &format!("/api/v1/users/{user}/appLinks"), None, "/api/v1/users/{id}/appLinks", 200);
    c.empty(&api, "DELETE", &format!("/api/v1/apps/{team}/users/{user}"), "/api/v1/apps/{appId}/users/{userId}", 204);
    c.real_org(&api, "POST", &format!("/api/v1/apps/{team}/lifecycle/deactivate"), "/api/v1/apps/{appId}/lifecycle/deactivate", 200);
    c.real_org(&api, "POST", &format!("/api/v1/apps/{team}/lifecycle/activate"), "/api/v1/apps/{appId}/lifecycle/activate", 200);
    api.post_empty(&format!("/api/v1/apps/{team}/lifecycle/deactivate"));
    c.empty(&api, "DELETE", &format!("/api/v1/apps/{team}"), "/api/v1/apps/{appId}", 204);
    let bookmark = json!({"name": "bookmark", "label": "Conformance Link", "signOnMode": "BOOKMARK", "settings": {"app": {"url": "https://example.com/x"}}});
    let created = id_of(&c.json(&api, "POST", "/api/v1/apps", Some(&bookmark), "/api/v1/apps", 200).json());
    let swa = json!({"label": "Conformance SWA", "signOnMode": "AUTO_LOGIN", "settings": {"signOn": {"loginUrl": "https://example.com/login"}}});
    c.json(&api, "POST", "/api/v1/apps?activate=false", Some(&swa), "/api/v1/apps", 200);
    c.json(&api, "POST", "/api/v1/apps", Some(&json!({"signOnMode": "BOOKMARK"})), "/api/v1/apps", 400);
    let group = id_of(&api.get("/api/v1/groups?q=Eng").json()[0]);
    let groups = format!("/api/v1/apps/{created}/groups");
    c.json(&api, "PUT", &format!("{groups}/{group}"), Some(&json!({"priority": 0, "profile": {}})), "/api/v1/apps/{appId}/groups/{groupId}", 200);
    c.json(&api, "GET", &groups, None, "/api/v1/apps/{appId}/groups", 200);
    c.json(&api, "GET", &format!("{groups}/{group}?expand=group"), None, "/api/v1/apps/{appId}/groups/{groupId}", 200);
    let patch = json!([{"op": "replace", "path": "/priority", "value": 3}]);
    c.json(&api, "PATCH", &format!("{groups}/{group}"), Some(&patch), "/api/v1/apps/{appId}/groups/{groupId}", 200);
    c.empty(&api, "DELETE", &format!("{groups}/{group}"), "/api/v1/apps/{appId}/groups/{groupId}", 204);
}

fn meta(c: &mut Checks) {
    let api = Api::start(5);
    let app = id_of(&api.get("/api/v1/apps?q=Team").json()[0]);
    c.json(&api, "GET", "/api/v1/meta/schemas/user/default", None, "/api/v1/meta/schemas/user/{schemaId}", 200);
    // No `unique` here: the spec types UserSchemaAttribute.unique boolean, Okta answers strings (SOURCES.md).
    let add = json!({"definitions": {"custom": {"id": "#custom", "type": "object", "properties": {
        "costCentreCode": {"title": "Cost centre", "type": "integer"}, "nickname2": {"title": "Nick", "type": "string", "maxLength": 20}}, "required": []}}});
    c.json(&api, "POST", "/api/v1/meta/schemas/user/default", Some(&add), "/api/v1/meta/schemas/user/{schemaId}", 200);
    c.json(&api, "GET", "/api/v1/meta/schemas/group/default", None, "/api/v1/meta/schemas/group/default", 200);
    let add = json!({"definitions": {"custom": {"id": "#custom", "type": "object", "properties": {
        "groupContact": {"title": "Group administrative contact", "type": "string", "maxLength": 80}}, "required": []}}});
    c.json(&api, "POST", "/api/v1/meta/schemas/group/default", Some(&add), "/api/v1/meta/schemas/group/default", 200);
    let schema = format!("/api/v1/meta/schemas/apps/{app}/default");
    c.json(&api, "GET", &schema, None, "/api/v1/meta/schemas/apps/{appId}/default", 200);
    let add = json!({"definitions": {"custom": {"properties": {"wikiRole": {"title": "Role", "type": "string"}}}}});
    c.json(&api, "POST", &schema, Some(&add), "/api/v1/meta/schemas/apps/{appId}/default", 200);
    c.json(&api, "GET", "/api/v1/meta/types/user", None, "/api/v1/meta/types/user", 200);
    let t = c.json(&api, "POST", "/api/v1/meta/types/user", Some(&json!({"name": "contractor", "displayName": "Contractor", "description": "External"})), "/api/v1/meta/types/user", 200);
    let created = id_of(&t.json());
    c.json(&api, "GET", &format!("/api/v1/meta/types/user/{created}"), None, "/api/v1/meta/types/user/{typeId}", 200);
    let schema_href = t.json()["_links"]["schema"]["href"].as_str().unwrap().to_string();
    c.json(&api, "GET", &schema_href, None, "/api/v1/meta/schemas/user/{schemaId}", 200);
    let one = "/api/v1/meta/types/user/{typeId}";
    c.json(&api, "POST", &format!("/api/v1/meta/types/user/{created}"), Some(&json!({"displayName": "Contractors"})), one, 200);
    let replace = json!({"name": "contractor", "displayName": "Contractor", "description": "External staff"});
    c.json(&api, "PUT", &format!("/api/v1/meta/types/user/{created}"), Some(&replace), one, 200);
    c.json(&api, "DELETE", "/api/v1/meta/types/user/default", None, one, 403);
    c.empty(&api, "DELETE", &format!("/api/v1/meta/types/user/{created}"), one, 204);
    c.json(&api, "GET", &format!("/api/v1/meta/types/user/{created}"), None, one, 404);
}

/// A local hook endpoint that answers Okta's verification challenge.
fn hook_receiver() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://127.0.0.1:{}/okta/hook", listener.local_addr().unwrap().port());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let (mut challenge, mut len) = (String::new(), 0usize);
            let mut line = String::new();
            while reader.read_line(&mut line).unwrap_or(0) > 0 && line != "\r\n" {
                if let Some((k, v)) = line.trim_end().split_once(':') {
                    match k.to_ascii_lowercase().as_str() {
                        "x-okta-verification-challenge" => challenge = v.trim().to_string(),
                        "content-length" => len = v.trim().parse().unwrap_or(0),
                        _ => {}
                    }
                }
                line.clear();
            }
            let _ = reader.read_exact(&mut vec![0; len]);
            let answer = json!({ "verification": challenge }).to_string();
            let mut s = stream;
            let _ = write!(s, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}", answer.len());
        }
    });
    url
}

fn hooks(c: &mut Checks) {
    let api = Api::start(5);
    let body = |uri: &str| json!({"name": "h", "events": {"type": "EVENT_TYPE", "items": ["user.lifecycle.create"],
            "filter": {"type": "EXPRESSION_LANGUAGE", "eventFilterMap": [{"event": "user.lifecycle.create", "condition": {"expression": "event.target.?[type eq 'User'].size() > 0", "version": null}}]}},
        "channel": {"type": "HTTP", "version": "1.0.0", "config": {"uri": uri, "headers": [{"key": "X-Other", "value": "v"}],
            "authScheme": {"type": "HEADER", "key": "Authorization", "value": "x"}}}});
    let h = c.json(&api, "POST", "/api/v1/eventHooks", Some(&body("https://hooks.example.com/okta")), "/api/v1/eventHooks", 200);
    let id = id_of(&h.json());
    c.json(&api, "GET", "/api/v1/eventHooks", None, "/api/v1/eventHooks", 200);
    c.json(&api, "GET", &format!("/api/v1/eventHooks/{id}"), None, "/api/v1/eventHooks/{eventHookId}", 200);
    let receiver = hook_receiver();
    c.json(&api, "PUT", &format!("/api/v1/eventHooks/{id}"), Some(&body(&receiver)), "/api/v1/eventHooks/{eventHookId}", 200);
    c.json(&api, "POST", &format!("/api/v1/eventHooks/{id}/lifecycle/verify"), None, "/api/v1/eventHooks/{eventHookId}/lifecycle/verify", 200);
    c.json(&api, "POST", &format!("/api/v1/eventHooks/{id}/lifecycle/deactivate"), None, "/api/v1/eventHooks/{eventHookId}/lifecycle/deactivate", 200);
    c.json(&api, "POST", &format!("/api/v1/eventHooks/{id}/lifecycle/activate"), None, "/api/v1/eventHooks/{eventHookId}/lifecycle/activate", 200);
    api.post_empty(&format!("/api/v1/eventHooks/{id}/lifecycle/deactivate"));
    c.empty(&api, "DELETE", &format!("/api/v1/eventHooks/{id}"), "/api/v1/eventHooks/{eventHookId}", 204);
}

fn logs_and_directory(c: &mut Checks) {
    let api = Api::start(10);
    api.create_user("log.subject@example.com", "", None);
    c.json(&api, "GET", "/api/v1/logs", None, "/api/v1/logs", 200);
    c.json(&api, "GET", &format!("/api/v1/logs?filter={}&limit=5", enc("eventType eq \"user.lifecycle.create\"")), None, "/api/v1/logs", 200);
    c.json(&api, "GET", "/api/v1/realms", None, "/api/v1/realms", 200);
    let realm = id_of(&api.get("/api/v1/realms").json()[0]);
    c.json(&api, "GET", &format!("/api/v1/realms/{realm}"), None, "/api/v1/realms/{realmId}", 200);
    c.json(&api, "GET", "/api/v1/policies?type=PASSWORD", None, "/api/v1/policies", 200);
    // Spec gap: Policy._embedded types every embedded resource as an object,
    // but an `expand=rules` expansion is the list of rules; they are
    // validated one by one against PolicyRule instead.
    c.json_detaching(&api, "GET", "/api/v1/policies?type=OKTA_SIGN_ON&expand=rules", None, "/api/v1/policies", 200, |policies| {
        let rules = policies.as_array_mut().unwrap().iter_mut().filter_map(|p| p["_embedded"].as_object_mut()?.remove("rules"));
        rules.flat_map(|r| r.as_array().cloned().unwrap_or_default()).map(|r| (r, "PolicyRule")).collect()
    });
    let policy = id_of(&api.get("/api/v1/policies?type=OKTA_SIGN_ON").json()[0]);
    c.json(&api, "GET", &format!("/api/v1/policies/{policy}"), None, "/api/v1/policies/{policyId}", 200);
}

fn policies(c: &mut Checks) {
    let api = Api::start(0);
    let (one, rules, rule) = ("/api/v1/policies/{policyId}", "/api/v1/policies/{policyId}/rules", "/api/v1/policies/{policyId}/rules/{ruleId}");
    let body = json!({"type": "ACCESS_POLICY", "name": "Conformance", "description": "d"});
    let policy = id_of(&c.json(&api, "POST", "/api/v1/policies?activate=false", Some(&body), "/api/v1/policies", 200).json());
    c.json(&api, "POST", "/api/v1/policies", Some(&json!({"type": "PASSWORD", "name": ""})), "/api/v1/policies", 400);
    c.json(&api, "PUT", &format!("/api/v1/policies/{policy}"), Some(&json!({"type": "ACCESS_POLICY", "name": "Conformance 2"})), one, 200);
    c.empty(&api, "POST", &format!("/api/v1/policies/{policy}/lifecycle/activate"), "/api/v1/policies/{policyId}/lifecycle/activate", 204);
    let actions = json!({"appSignOn": {"access": "DENY", "verificationMethod": {"factorMode": "1FA", "type": "ASSURANCE", "reauthenticateIn": "PT2H"}}});
    let rule_body = json!({"type": "ACCESS_POLICY", "name": "Deny", "actions": actions});
    let created = id_of(&c.json(&api, "POST", &format!("/api/v1/policies/{policy}/rules"), Some(&rule_body), rules, 200).json());
    c.json(&api, "POST", &format!("/api/v1/policies/{policy}/rules"), Some(&json!({"type": "SIGN_ON", "name": "Wrong"})), rules, 400);
    c.json(&api, "GET", &format!("/api/v1/policies/{policy}/rules"), None, rules, 200);
    c.json(&api, "GET", &format!("/api/v1/policies/{policy}/rules/{created}"), None, rule, 200);
    c.json(&api, "PUT", &format!("/api/v1/policies/{policy}/rules/{created}"), Some(&rule_body), rule, 200);
    let lifecycle = format!("/api/v1/policies/{policy}/rules/{created}/lifecycle");
    c.empty(&api, "POST", &format!("{lifecycle}/deactivate"), "/api/v1/policies/{policyId}/rules/{ruleId}/lifecycle/deactivate", 204);
    c.empty(&api, "POST", &format!("{lifecycle}/activate"), "/api/v1/policies/{policyId}/rules/{ruleId}/lifecycle/activate", 204);
    c.empty(&api, "DELETE", &format!("/api/v1/policies/{policy}/rules/{created}"), rule, 204);
    let app = id_of(&api.get("/api/v1/apps?q=Team").json()[0]);
    c.empty(&api, "PUT", &format!("/api/v1/apps/{app}/policies/{policy}"), "/api/v1/apps/{appId}/policies/{policyId}", 204);
    c.json(&api, "GET", &format!("/api/v1/policies/{policy}/mappings"), None, "/api/v1/policies/{policyId}/mappings", 200);
    let other = id_of(&api.post("/api/v1/policies", &json!({"type": "OKTA_SIGN_ON", "name": "Spare"})).json());
    c.empty(&api, "POST", &format!("/api/v1/policies/{other}/lifecycle/deactivate"), "/api/v1/policies/{policyId}/lifecycle/deactivate", 204);
    c.empty(&api, "DELETE", &format!("/api/v1/policies/{other}"), one, 204);
    c.json(&api, "GET", &format!("/api/v1/policies/{other}"), None, one, 404);
}

fn identity_sources(c: &mut Checks) {
    let api = Api::start(0);
    let source = api.sim.identity_source_id();
    let sessions = format!("/api/v1/identity-sources/{source}/sessions");
    let (list, one) = ("/api/v1/identity-sources/{identitySourceId}/sessions", "/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}");
    let session = id_of(&c.json(&api, "POST", &sessions, None, list, 200).json());
    c.json(&api, "GET", &sessions, None, list, 200);
    c.json(&api, "GET", &format!("{sessions}/{session}"), None, one, 200);
    let user = json!({"externalId": "hr-1", "profile": {"userName": "hr.one@example.com", "email": "hr.one@example.com", "firstName": "H", "lastName": "R"}});
    let upsert = json!({"entityType": "USERS", "profiles": [user]});
    c.empty_sending(&api, "POST", &format!("{sessions}/{session}/bulk-upsert"), Some(&upsert), "/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/bulk-upsert", 202);
    let delete = json!({"entityType": "USERS", "profiles": [{"externalId": "hr-0"}]});
    c.empty_sending(&api, "POST", &format!("{sessions}/{session}/bulk-delete"), Some(&delete), "/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/bulk-delete", 202);
    c.json(&api, "POST", &format!("{sessions}/{session}/start-import"), None, "/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/start-import", 200);
    c.empty(&api, "DELETE", &format!("{sessions}/{session}"), one, 204);
    c.json(&api, "GET", &format!("{sessions}/{session}"), None, one, 404);
}

#[test]
fn served_operations_match_the_spec() {
    let scenarios: [fn(&mut Checks); 11] = [users, credentials, groups, rules_owners_roles, apps, meta, hooks, logs_and_directory, policies, identity_sources, factors];
    let results: Vec<Checks> = std::thread::scope(|s| {
        let handles: Vec<_> = scenarios.iter().map(|f| s.spawn(move || {
            let mut c = Checks::default();
            f(&mut c);
            c
        })).collect();
        handles.into_iter().map(|h| h.join().expect("scenario ran")).collect()
    });
    let (mut errors, mut done) = (Vec::new(), BTreeSet::new());
    for c in results {
        errors.extend(c.errors);
        done.extend(c.done);
    }
    let table: BTreeSet<(&str, &str, How)> = OPERATIONS.iter().copied().collect();
    let checked = table.iter().filter(|op| !matches!(op.2, Exempt(_))).collect::<Vec<_>>();
    let missing: Vec<_> = checked.iter().filter(|op| !done.contains(op)).collect();
    assert!(missing.is_empty(), "operations in OPERATIONS without a check: {missing:?}");
    let outside: Vec<_> = done.iter().filter(|(m, p, _)| !OPERATIONS.iter().any(|(tm, tp, _)| tm == m && tp == p)).collect();
    assert!(outside.is_empty(), "checks of operations missing from OPERATIONS: {outside:?}");
    let json = checked.iter().filter(|op| matches!(op.2, Json(_))).count();
    let real = checked.iter().filter(|op| matches!(op.2, RealOrg(..))).count();
    let xml = checked.iter().filter(|op| matches!(op.2, Xml(_))).count();
    println!("spec conformance: {} operations validated ({json} JSON schema, {} status + empty body, {xml} XML, {real} real-org exceptions), {} exempt, {} (operation, status) pairs checked; {} violations",
        checked.len(), checked.len() - json - real - xml, table.len() - checked.len(), done.len(), errors.len());
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// `(method, path template)` of every `.route(...)` under `src/sim/`.
fn routes_in_source() -> Vec<(String, String)> {
    fn walk(dir: &std::path::Path, out: &mut Vec<(std::path::PathBuf, String)>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push((p.clone(), std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    let mut files = Vec::new();
    walk(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/sim"), &mut files);
    let mut routes = Vec::new();
    for (file, text) in files {
        for unsupported in [".nest(", ".nest_service(", ".route_service(", "routing::any", " any("] {
            assert!(!text.contains(unsupported), "{}: `{unsupported}` — teach routes_in_source about it", file.display());
        }
        for (start, _) in text.match_indices(".route(") {
            let rest = &text[start + ".route(".len()..];
            let path = rest.trim_start().strip_prefix('"').and_then(|r| r.split('"').next()).unwrap_or_else(|| panic!("{}: route path not a literal", file.display()));
            let (mut depth, mut end) = (1, 0);
            for (i, ch) in rest.char_indices() {
                depth += match ch { '(' => 1, ')' => -1, _ => 0 };
                if depth == 0 {
                    end = i;
                    break;
                }
            }
            let args = &rest[..end];
            let mut methods = 0;
            for m in ["get", "post", "put", "delete", "patch", "head", "options"] {
                let call = format!("{m}(");
                for (i, _) in args.match_indices(&call) {
                    if !args[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':') {
                        routes.push((m.to_uppercase(), path.to_string()));
                        methods += 1;
                    }
                }
            }
            assert!(methods > 0, "{}: no method found in route {path}", file.display());
        }
    }
    routes
}

/// Segment-wise: a route's `{param}` matches any one segment, literals must be equal.
fn route_matches(route: &str, spec_path: &str) -> bool {
    let (r, s): (Vec<_>, Vec<_>) = (route.split('/').collect(), spec_path.split('/').collect());
    r.len() == s.len() && r.iter().zip(&s).all(|(r, s)| r.starts_with('{') || (!s.starts_with('{') && r == s))
}

/// Operations in README's "Operations served" table: (methods, choices), each
/// choice a list of candidate path patterns. `{a,b}` makes one choice per
/// literal (each must be an operation); `…` is a prefix of the row's previous
/// path (one candidate per prefix); any other `{…}` is one segment.
fn readme_operations() -> Vec<(Vec<String>, Vec<Vec<Vec<String>>>)> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/sim/README.md")).unwrap();
    let section = text.split("## Operations served").nth(1).expect("README has Operations served").split("\n## ").next().unwrap();
    let mut items = Vec::new();
    for row in section.lines().filter(|l| l.starts_with('|')) {
        let mut previous: Vec<Vec<String>> = Vec::new();
        for (i, span) in row.split('`').enumerate() {
            let Some((methods, path)) = span.split_once(' ').filter(|_| i % 2 == 1) else { continue };
            if methods.is_empty() || !methods.split('/').all(|m| ["GET", "POST", "PUT", "DELETE", "PATCH"].contains(&m)) {
                continue;
            }
            let path = path.replace("\\|", "|");
            let segs: Vec<&str> = path.split('/').collect();
            if !["", "…"].contains(&segs[0]) {
                continue;
            }
            let mut expanded: Vec<Vec<String>> = vec![Vec::new()];
            for seg in &segs[1..] {
                let choices: Vec<String> = match seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    Some(inner) if inner.contains(',') => inner.split(',').map(str::to_string).collect(),
                    _ => vec![seg.to_string()],
                };
                expanded = expanded.iter().flat_map(|e| choices.iter().map(move |c| [e.clone(), vec![c.clone()]].concat())).collect();
            }
            let choices: Vec<Vec<Vec<String>>> = expanded
                .into_iter()
                .map(|tail| match segs[0] {
                    "" => vec![[vec![String::new()], tail].concat()],
                    _ => previous.iter().flat_map(|p| (3..=p.len()).map(|n| [&p[..n], &tail[..]].concat())).collect(),
                })
                .collect();
            previous = choices.concat();
            items.push((methods.split('/').map(str::to_string).collect(), choices));
        }
    }
    items
}

fn readme_matches(pattern: &[String], spec_path: &str) -> bool {
    let s: Vec<_> = spec_path.split('/').collect();
    pattern.len() == s.len() && pattern.iter().zip(&s).all(|(p, s)| p.starts_with('{') || (!s.starts_with('{') && p == s))
}

/// The router's own answer for a path it has no operation for.
fn unrouted(r: &Resp) -> bool {
    (r.status == 404 && r.text.contains("(GenericResource)")) || (r.status == 405 && r.text.contains("E0000022"))
}

#[test]
fn every_served_operation_has_a_conformance_check() {
    let mut problems = Vec::new();
    // 1. The table: no duplicates; every checked entry is in the spec with the declared response.
    let mut seen = BTreeSet::new();
    for &(method, path, how) in OPERATIONS {
        if !seen.insert((method, path)) {
            problems.push(format!("{method} {path} listed twice"));
        }
        if let Err(e) = spec_declares(method, path, how) {
            problems.push(format!("OPERATIONS: {e}"));
        }
    }
    // 2. The router's source: every route is in the table, every table entry is routed.
    let routes = routes_in_source();
    assert!(routes.len() >= 40, "found only {} routes in src/sim — did the router move?", routes.len());
    for (method, route) in &routes {
        if !OPERATIONS.iter().any(|(m, p, _)| m == method && route_matches(route, p)) {
            problems.push(format!("router serves {method} {route}, which OPERATIONS does not list"));
        }
    }
    for (method, path, _) in OPERATIONS {
        if !routes.iter().any(|(m, r)| m == method && route_matches(r, path)) {
            problems.push(format!("OPERATIONS lists {method} {path}, which no route serves"));
        }
    }
    // 3. The running simulator: routes with a `{op}` segment serve only the
    //    operations listed; so probe every operation in the spec.
    let api = Api::with(SimConfig { users: 0, rate_limit_per_minute: Some(1_000_000), ..SimConfig::default() });
    let probe = |method: &str, path: &str| {
        let url: String = path.split('/').map(|s| if s.starts_with('{') { "probe0000000000000000" } else { s }).collect::<Vec<_>>().join("/");
        api.call(method, &url, None)
    };
    let mut probed = 0;
    for (path, item) in spec()["paths"].as_object().unwrap() {
        for method in ["get", "post", "put", "delete", "patch"] {
            if !item[method].is_object() {
                continue;
            }
            let method = method.to_uppercase();
            probed += 1;
            let listed = OPERATIONS.iter().any(|(m, p, _)| *m == method && p == path);
            let captured = CAPTURED_BY_ID_ROUTES.contains(&(method.as_str(), path.as_str()));
            let r = probe(&method, path);
            match (listed, captured, unrouted(&r)) {
                (true, _, true) => problems.push(format!("OPERATIONS lists {method} {path}, the simulator does not serve it: {}", r.text)),
                (false, false, false) => problems.push(format!("simulator serves {method} {path} ({} {}), which OPERATIONS does not list", r.status, r.text)),
                (false, true, true) => problems.push(format!("{method} {path} is no longer captured by an id route; drop it from CAPTURED_BY_ID_ROUTES")),
                _ => {}
            }
        }
    }
    for (method, path, how) in OPERATIONS {
        if matches!(how, Exempt(_)) && unrouted(&probe(method, path)) {
            problems.push(format!("OPERATIONS lists {method} {path}, the simulator does not serve it"));
        }
    }
    // 4. README: lists every non-exempt entry, and lists nothing else.
    let readme = readme_operations();
    for (method, path, how) in OPERATIONS {
        let documented = readme.iter().any(|(ms, ps)| ms.iter().any(|m| m == method) && ps.iter().flatten().any(|p| readme_matches(p, path)));
        if !matches!(how, Exempt(_)) && !documented {
            problems.push(format!("src/sim/README.md does not list {method} {path}"));
        }
    }
    for (methods, choices) in &readme {
        for m in methods {
            for candidates in choices {
                if !candidates.iter().any(|p| OPERATIONS.iter().any(|(om, op, _)| om == m && readme_matches(p, op))) {
                    problems.push(format!("src/sim/README.md lists {m} {}, which OPERATIONS does not", candidates.first().map(|p| p.join("/")).unwrap_or_default()));
                }
            }
        }
    }
    println!("router: {} routes; spec: {probed} operations probed; OPERATIONS: {} entries; README: {} items", routes.len(), OPERATIONS.len(), readme.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
