//! App objects as real orgs render them, by sign-on mode (issue 14, items 4
//! and 5): null attributes present, OIDC and SAML parts, Okta's link names,
//! and no `_links.self`.
mod sim_support;

use serde_json::{json, Value};
use sim_support::Api;

fn app(api: &Api, q: &str) -> Value {
    let apps = api.get(&format!("/api/v1/apps?q={q}&includeNonDeleted=true")).json();
    let id = apps[0]["id"].as_str().unwrap_or_else(|| panic!("seed has {q}")).to_string();
    api.get(&format!("/api/v1/apps/{id}")).json()
}

#[test]
fn apps_carry_null_redirects_notes_and_vpn_notifications() {
    let api = Api::start(0);
    for q in ["Internal", "Workday", "Team", "Slack"] {
        let a = app(&api, q);
        assert_eq!(a["accessibility"], json!({"selfService": false, "errorRedirectUrl": null, "loginRedirectUrl": null}), "{q}");
        assert_eq!(a["settings"]["notes"], json!({"admin": null, "enduser": null}), "{q}");
        assert_eq!(a["settings"]["notifications"]["vpn"], json!({"network": {"connection": "DISABLED"}, "message": null, "helpUrl": null}), "{q}");
    }
}

#[test]
fn apps_link_like_real_orgs_without_a_self_link() {
    let api = Api::start(0);
    for q in ["Internal", "Workday", "Team"] {
        let a = app(&api, q);
        let links = a["_links"].as_object().unwrap();
        assert!(!links.contains_key("self"), "{q}: {links:?}");
        for rel in ["uploadLogo", "policies", "accessPolicy", "profileEnrollment", "users", "groups", "logo", "appLinks", "deactivate"] {
            assert!(links.contains_key(rel), "{q} lacks {rel}");
        }
        let access = links["accessPolicy"]["href"].as_str().unwrap();
        assert!(access.rsplit('/').next().unwrap().starts_with("rst"), "{access}");
        assert_eq!(api.get(access).json()["type"], "ACCESS_POLICY", "the access policy link resolves");
    }
}

#[test]
fn oidc_apps_have_oauth_client_credentials_and_settings() {
    let api = Api::start(0);
    let a = app(&api, "Internal");
    assert_eq!(a["signOnMode"], "OPENID_CONNECT");
    let client = &a["credentials"]["oauthClient"];
    assert_eq!(client["client_id"], a["id"]);
    assert!(client["token_endpoint_auth_method"].is_string(), "{client}");
    let settings = &a["settings"]["oauthClient"];
    for key in ["redirect_uris", "grant_types", "response_types"] {
        assert!(settings[key].is_array(), "settings.oauthClient.{key}: {settings}");
    }
    assert_eq!(a["visibility"]["appLinks"], json!({"oidc_client_link": true}));
    assert_eq!(a["_links"]["appLinks"][0]["name"], "oidc_client_link");
    assert!(a["_links"]["clientCredentials"].is_array());
}

#[test]
fn saml_apps_have_sign_on_settings_metadata_and_help() {
    let api = Api::start(0);
    let a = app(&api, "Workday");
    assert_eq!(a["signOnMode"], "SAML_2_0");
    assert!(a["settings"]["signOn"]["ssoAcsUrl"].is_string(), "{}", a["settings"]);
    assert_eq!(a["_links"]["metadata"]["type"], "application/xml");
    assert!(a["_links"]["help"]["href"].as_str().unwrap().contains("/setup/help/SAML_2_0/"));
    assert_eq!(a["_links"]["appLinks"][0]["name"], "login", "not the app's name");
    assert_eq!(a["visibility"]["appLinks"], json!({"login": true}));
    assert!(a["credentials"].get("oauthClient").is_none());
}
