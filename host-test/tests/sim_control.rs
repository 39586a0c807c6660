//! The simulator's test-only control path (`/sim/…`): off by default; faults and hook deliveries over HTTP.
mod sim_support;

use host_test::sim::SimConfig;
use serde_json::json;
use sim_support::Api;

#[test]
fn the_control_path_is_off_unless_enabled() {
    let api = Api::start(0);
    let r = api.post("/sim/faults", &json!({"kind": "server-error", "pathPrefix": "/api/v1/users"}));
    assert_eq!((r.status, r.error_code().as_str()), (404, "E0000007"));
    assert!(r.text.contains("--control"));
    assert_eq!(api.get("/api/v1/users").status, 200, "no fault was queued");
}

#[test]
fn faults_queued_over_http_hit_the_next_matching_requests() {
    let api = Api::with(SimConfig { control: true, ..SimConfig::default() });
    let r = api.post("/sim/faults", &json!({"kind": "server-error", "status": 503, "pathPrefix": "/api/v1/users", "method": "get", "times": 2}));
    assert_eq!((r.status, r.json()["queued"].as_u64()), (200, Some(2)));
    assert_eq!(api.get("/api/v1/users").status, 503);
    assert_eq!(api.get("/api/v1/groups").status, 200, "another path is untouched");
    assert_eq!(api.get("/api/v1/users").status, 503);
    assert_eq!(api.get("/api/v1/users").status, 200, "spent");
    api.post("/sim/faults", &json!({"kind": "rate-limited", "pathPrefix": "/api/v1/users"}));
    assert_eq!(api.call("DELETE", "/sim/faults", None).status, 204);
    assert_eq!(api.get("/api/v1/users").status, 200, "cleared");
    assert_eq!(api.post("/sim/faults", &json!({"kind": "meteor", "pathPrefix": "/"})).status, 400);
    assert_eq!(api.call("POST", "/sim/deliveries/nope/redeliver", None).status, 404);
    assert_eq!(api.get("/sim/deliveries").json(), json!([]));
}
