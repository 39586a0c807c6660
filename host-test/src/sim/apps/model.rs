//! Applications and their user assignments (API-NOTES §9, §10).

use crate::sim::clock::{iso, Millis};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub(crate) struct App {
    pub id: String,
    pub name: String,
    pub label: String,
    pub active: bool,
    pub sign_on_mode: &'static str,
    pub features: Vec<&'static str>,
    pub created: Millis,
    pub last_updated: Millis,
    /// Assignments by user id (the app-user paging key).
    pub users: BTreeMap<String, AppUser>,
    /// Custom attributes of the app-user schema.
    pub schema_custom: Map<String, Value>,
    /// `settings` as created (`app`, `signOn`).
    pub settings: Value,
    /// Group assignments by group id.
    pub groups: BTreeMap<String, AppGroup>,
    /// Ids of the access and profile-enrollment policies the app is assigned to.
    pub policies: AppPolicies,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct AppPolicies {
    pub access: String,
    pub profile_enrollment: String,
}

/// A group's assignment to an app (ApplicationGroupAssignment).
#[derive(Debug, Clone)]
pub(crate) struct AppGroup {
    pub group_id: String,
    pub priority: i64,
    pub profile: Map<String, Value>,
    pub last_updated: Millis,
}

#[derive(Debug, Clone)]
pub(crate) struct AppUser {
    pub user_id: String,
    pub created: Millis,
    pub last_updated: Millis,
    pub user_name: String,
    pub has_password: bool,
    pub profile: Map<String, Value>,
}

/// Base attributes of every app-user schema in the simulator.
pub const APP_BASE_ATTRIBUTES: &[&str] = &["userName", "email", "given_name", "family_name", "name"];

impl App {
    /// Okta's name for the app's one link: `oidc_client_link` for OIDC apps, `login` otherwise.
    fn link_name(&self) -> &'static str {
        if self.sign_on_mode == "OPENID_CONNECT" { "oidc_client_link" } else { "login" }
    }

    /// The end-user dashboard URL of the app's link.
    pub fn link_url(&self, base: &str) -> String {
        format!("{base}/home/{}/{}/aln{}", self.name, self.id, &self.id[3..])
    }

    /// The app as real orgs render it: null attributes present, parts by
    /// sign-on mode, no `_links.self`; `settings` as created win over the defaults.
    pub fn to_json(&self, base: &str) -> Value {
        let href = format!("{base}/api/v1/apps/{}", self.id);
        let toggle = if self.active { "deactivate" } else { "activate" };
        let mut settings = json!({
            "app": {},
            "notifications": {"vpn": {"network": {"connection": "DISABLED"}, "message": null, "helpUrl": null}},
            "notes": {"admin": null, "enduser": null},
        });
        for (k, v) in self.settings.as_object().into_iter().flatten() {
            settings[k] = v.clone();
        }
        let mut v = json!({
            "id": self.id,
            "name": self.name,
            "label": self.label,
            "status": if self.active { "ACTIVE" } else { "INACTIVE" },
            "signOnMode": self.sign_on_mode,
            "created": iso(self.created),
            "lastUpdated": iso(self.last_updated),
            "features": self.features,
            "accessibility": {"selfService": false, "errorRedirectUrl": null, "loginRedirectUrl": null},
            "visibility": {"autoSubmitToolbar": false, "hide": {"iOS": false, "web": false}, "appLinks": {self.link_name(): true}},
            "credentials": {"userNameTemplate": {"template": "${source.login}", "type": "BUILT_IN"}, "signing": {}},
            "settings": settings,
            "_links": {
                "uploadLogo": {"href": format!("{href}/logo"), "hints": {"allow": ["POST"]}},
                "appLinks": [{"name": self.link_name(), "href": self.link_url(base), "type": "text/html"}],
                "policies": {"href": format!("{href}/policies"), "hints": {"allow": ["PUT"]}},
                "accessPolicy": {"href": format!("{base}/api/v1/policies/{}", self.policies.access)},
                "profileEnrollment": {"href": format!("{base}/api/v1/policies/{}", self.policies.profile_enrollment)},
                "users": {"href": format!("{href}/users")},
                "groups": {"href": format!("{href}/groups")},
                "logo": [{"name": "medium", "href": format!("{base}/assets/img/logos/default.png"), "type": "image/png"}],
                toggle: {"href": format!("{href}/lifecycle/{toggle}")},
            },
        });
        match self.sign_on_mode {
            "OPENID_CONNECT" => {
                v["credentials"]["oauthClient"] = json!({"autoKeyRotation": true, "client_id": self.id, "token_endpoint_auth_method": "client_secret_basic"});
                if v["settings"].get("oauthClient").is_none() {
                    v["settings"]["oauthClient"] = json!({
                        "client_uri": null, "logo_uri": null, "redirect_uris": [format!("https://{}.example.com/callback", self.id)],
                        "post_logout_redirect_uris": [], "response_types": ["code"], "grant_types": ["authorization_code", "refresh_token"],
                        "application_type": "web", "consent_method": "REQUIRED", "issuer_mode": "DYNAMIC",
                        "idp_initiated_login": {"mode": "DISABLED", "default_scope": []}, "wildcard_redirect": "DISABLED",
                    });
                }
                v["_links"]["clientCredentials"] = json!([{"href": format!("{href}/credentials/secrets"), "hints": {"allow": ["GET", "POST"]}}]);
            }
            "SAML_2_0" | "SAML_1_1" => {
                if v["settings"].get("signOn").is_none() {
                    let acs = format!("https://{}.example.com/sso/saml", self.name);
                    v["settings"]["signOn"] = json!({
                        "defaultRelayState": null, "ssoAcsUrl": acs, "recipient": acs, "destination": acs,
                        "audience": format!("https://{}.example.com", self.name), "idpIssuer": "http://www.okta.com/${org.externalKey}",
                        "subjectNameIdTemplate": "${user.userName}", "subjectNameIdFormat": "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
                        "responseSigned": true, "assertionSigned": true, "signatureAlgorithm": "RSA_SHA256", "digestAlgorithm": "SHA256",
                        "honorForceAuthn": true, "authnContextClassRef": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
                        "requestCompressed": false, "allowMultipleAcsEndpoints": false, "acsEndpoints": [], "attributeStatements": [],
                    });
                }
                if let Some(key) = super::keys::signing_key(self) {
                    v["credentials"]["signing"] = json!({"kid": key.kid});
                }
                v["_links"]["metadata"] = json!({"href": format!("{href}/sso/saml/metadata"), "type": "application/xml"});
                let help = format!("{base}/app/{}/{}/setup/help/{}/instructions", self.name, self.id, self.sign_on_mode);
                v["_links"]["help"] = json!({"href": help, "type": "text/html"});
            }
            _ => {}
        }
        v
    }

    pub fn target(&self) -> Value {
        json!({"id": self.id, "type": "AppInstance", "alternateId": self.label, "displayName": self.label, "detailEntry": null})
    }
}

impl AppGroup {
    pub fn to_json(&self, base: &str, app_id: &str, embedded_group: Option<Value>) -> Value {
        let mut v = json!({
            "id": self.group_id,
            "lastUpdated": iso(self.last_updated),
            "priority": self.priority,
            "profile": self.profile,
            "_links": {
                "app": {"href": format!("{base}/api/v1/apps/{app_id}")},
                "self": {"href": format!("{base}/api/v1/apps/{app_id}/groups/{}", self.group_id)},
                "group": {"href": format!("{base}/api/v1/groups/{}", self.group_id)},
            },
        });
        if let Some(group) = embedded_group {
            v["_embedded"] = json!({ "group": group });
        }
        v
    }
}

impl AppUser {
    pub fn to_json(&self, base: &str, app_id: &str, embedded_user: Option<Value>) -> Value {
        let mut credentials = json!({"userName": self.user_name});
        if self.has_password {
            credentials["password"] = json!({});
        }
        let mut v = json!({
            "id": self.user_id,
            "externalId": null,
            "created": iso(self.created),
            "lastUpdated": iso(self.last_updated),
            "scope": "USER",
            "status": "ACTIVE",
            "statusChanged": iso(self.created),
            "passwordChanged": null,
            "syncState": "DISABLED",
            "credentials": credentials,
            "profile": self.profile,
            "_links": {
                "app": {"href": format!("{base}/api/v1/apps/{app_id}")},
                "user": {"href": format!("{base}/api/v1/users/{}", self.user_id)},
            },
        });
        if let Some(user) = embedded_user {
            v["_embedded"] = json!({ "user": user });
        }
        // `externalId` and `passwordChanged` stay as null, as real orgs send them.
        v
    }
}
