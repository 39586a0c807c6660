//! Application actions: read, list, create (bookmark and SWA), activate/deactivate, delete, and the signing keys and SAML metadata.

use super::{in_range, non_empty, pages, query_of};
use crate::error::{Detail, Error, Result};
use crate::http::Okta;
use crate::okta::apps::{self, App, AppKey};
use crate::okta::Raw;
use crate::registry::{Action, Flags, CREATE, READ, REMOVE, UPDATE};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

pub struct GetApplication;

/// Which app to read.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetApplicationInput {
    /// The app's id (`0oa…`).
    #[schemars(length(min = 1))]
    pub app_id: String,
    /// `user/{userId}` embeds that user's assignment under `_embedded.user`.
    #[serde(default)]
    pub expand: Option<String>,
}

impl Action for GetApplication {
    const KEY: &'static str = "get-application";
    const LABEL: &'static str = "Get Application";
    const DESCRIPTION: &'static str = "Reads one application by id.";
    const FLAGS: Flags = READ;
    type Input = GetApplicationInput;
    type Output = Raw<App>;

    fn validate(input: &GetApplicationInput) -> Result<()> {
        non_empty("appId", &input.app_id)
    }

    fn run(okta: &Okta, input: GetApplicationInput) -> Result<Raw<App>> {
        apps::get(okta, input.app_id.trim(), input.expand.as_deref())
    }
}

pub struct ListApplications;

/// Which apps to list; `q` and `filter` follow Okta's grammar and are sent as given.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListApplicationsInput {
    /// Prefix match on the app's `name` or `label`.
    #[serde(default)]
    pub q: Option<String>,
    /// Okta filter, e.g. `status eq "ACTIVE"`, `user.id eq "00u…"`, `group.id eq "00g…"`, `name eq "bookmark"`.
    #[serde(default)]
    pub filter: Option<String>,
    /// `user/{userId}` (with a `user.id eq` filter) embeds that user's assignment in each app.
    #[serde(default)]
    pub expand: Option<String>,
    /// Also list INACTIVE apps (Okta's default lists ACTIVE ones only).
    #[serde(default)]
    pub include_non_deleted: bool,
    /// Okta's trimmed app objects, faster for large orgs.
    #[serde(default)]
    pub use_optimization: bool,
    /// Apps per page (1–200).
    #[serde(default)]
    #[schemars(range(min = 1, max = 200))]
    pub limit: Option<u32>,
    /// Cursor to resume from: the `nextCursor` of an earlier call.
    #[serde(default)]
    pub after: Option<String>,
    /// Follow every page (up to 100 pages) instead of returning one.
    #[serde(default)]
    pub fetch_all: bool,
}

/// A page (or all pages) of apps.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ListApplicationsOutput {
    /// Pass as `after` to continue; absent when the listing reached its end.
    pub next_cursor: Option<String>,
    pub applications: Vec<Raw<App>>,
    pub pages: u32,
}

impl Action for ListApplications {
    const KEY: &'static str = "list-applications";
    const LABEL: &'static str = "List Applications";
    const DESCRIPTION: &'static str =
        "Lists applications matching q (name or label prefix) or an Okta filter (status, name, user.id, group.id), one page or every page.";
    const ALIASES: &'static [&'static str] = &["Search Applications"];
    const FLAGS: Flags = READ;
    type Input = ListApplicationsInput;
    type Output = ListApplicationsOutput;

    fn validate(input: &ListApplicationsInput) -> Result<()> {
        in_range("limit", input.limit, 1, 200)
    }

    fn run(okta: &Okta, input: ListApplicationsInput) -> Result<ListApplicationsOutput> {
        let query = query_of([
            ("q", input.q),
            ("filter", input.filter),
            ("expand", input.expand),
            ("includeNonDeleted", input.include_non_deleted.then(|| "true".into())),
            ("useOptimization", input.use_optimization.then(|| "true".into())),
            ("limit", input.limit.map(|l| l.to_string())),
            ("after", input.after),
        ]);
        let listing = apps::list(okta, &query, pages(input.fetch_all))?;
        Ok(ListApplicationsOutput { applications: listing.items, next_cursor: listing.next_cursor, pages: listing.pages })
    }
}

/// One app lifecycle call: the same input and handler, differing only in data.
struct LifecycleOp {
    key: &'static str,
    label: &'static str,
    description: &'static str,
    flags: Flags,
    /// The `lifecycle/{op}` segment.
    op: &'static str,
    /// The status the app has afterwards.
    status: &'static str,
}

const LIFECYCLE: [LifecycleOp; 2] = [
    LifecycleOp {
        key: "activate-application",
        label: "Activate Application",
        description: "Activates an INACTIVE application so assigned users can use it.",
        flags: UPDATE,
        op: "activate",
        status: "ACTIVE",
    },
    LifecycleOp {
        key: "deactivate-application",
        label: "Deactivate Application",
        description: "Deactivates an application: users lose access, assignments are kept. An app must be INACTIVE to be deleted.",
        flags: REMOVE,
        op: "deactivate",
        status: "INACTIVE",
    },
];

/// `activate-application` (0) and `deactivate-application` (1).
pub struct AppLifecycle<const OP: usize>;

/// Which app.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AppIdInput {
    /// The app's id (`0oa…`).
    #[schemars(length(min = 1))]
    pub app_id: String,
}

/// Okta answers lifecycle calls without the app; this says what it now is.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AppStatusOutput {
    pub app_id: String,
    /// ACTIVE or INACTIVE.
    pub status: String,
}

impl<const OP: usize> Action for AppLifecycle<OP> {
    const KEY: &'static str = LIFECYCLE[OP].key;
    const LABEL: &'static str = LIFECYCLE[OP].label;
    const DESCRIPTION: &'static str = LIFECYCLE[OP].description;
    const FLAGS: Flags = LIFECYCLE[OP].flags;
    type Input = AppIdInput;
    type Output = AppStatusOutput;

    fn validate(input: &AppIdInput) -> Result<()> {
        non_empty("appId", &input.app_id)
    }

    fn run(okta: &Okta, input: AppIdInput) -> Result<AppStatusOutput> {
        let op = &LIFECYCLE[OP];
        apps::lifecycle(okta, input.app_id.trim(), op.op)?;
        Ok(AppStatusOutput { app_id: input.app_id.trim().to_string(), status: op.status.to_string() })
    }
}

pub struct CreateApplication;

/// The kinds of app a flow can set up without an app definition from the OIN catalogue.
#[derive(Deserialize, JsonSchema, Clone, Copy, PartialEq)]
pub enum SignOnMode {
    /// A dashboard link to a URL (Okta's `bookmark` app).
    #[serde(rename = "BOOKMARK")]
    Bookmark,
    /// A custom SWA app: Okta fills in the username and password on the app's sign-in page.
    #[serde(rename = "AUTO_LOGIN")]
    AutoLogin,
}

/// A new bookmark or SWA app.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateApplicationInput {
    /// The name users see on their dashboard.
    #[schemars(length(min = 1, max = 100))]
    pub label: String,
    pub sign_on_mode: SignOnMode,
    /// BOOKMARK: the URL the link opens. AUTO_LOGIN: the app's sign-in page.
    #[schemars(length(min = 1))]
    pub url: String,
    /// AUTO_LOGIN only: where to send the user after signing in, when not the sign-in page's own redirect.
    #[serde(default)]
    pub redirect_url: Option<String>,
    /// Activate the app on creation (Okta's default: true).
    #[serde(default = "yes")]
    pub activate: bool,
}

fn yes() -> bool {
    true
}

impl Action for CreateApplication {
    const KEY: &'static str = "create-application";
    const LABEL: &'static str = "Create Application";
    const DESCRIPTION: &'static str =
        "Creates a bookmark app (a dashboard link) or a custom SWA app (Okta signs users in with stored credentials), active unless told otherwise.";
    const FLAGS: Flags = CREATE;
    type Input = CreateApplicationInput;
    type Output = Raw<App>;

    fn validate(input: &CreateApplicationInput) -> Result<()> {
        non_empty("label", &input.label)?;
        if !(input.url.starts_with("https://") || input.url.starts_with("http://")) || input.url.contains(char::is_whitespace) {
            return Err(Error::invalid("url", "must be an absolute http(s) URL"));
        }
        if input.redirect_url.is_some() && input.sign_on_mode != SignOnMode::AutoLogin {
            return Err(Error::invalid("redirectUrl", "only an AUTO_LOGIN (SWA) app has a redirect URL"));
        }
        Ok(())
    }

    fn run(okta: &Okta, input: CreateApplicationInput) -> Result<Raw<App>> {
        let body = match input.sign_on_mode {
            SignOnMode::Bookmark => json!({
                "name": "bookmark", "label": input.label, "signOnMode": "BOOKMARK",
                "settings": {"app": {"url": input.url, "requestIntegration": false}},
            }),
            SignOnMode::AutoLogin => {
                let mut sign_on = json!({"loginUrl": input.url});
                if let Some(redirect) = input.redirect_url {
                    sign_on["redirectUrl"] = Value::String(redirect);
                }
                json!({"label": input.label, "signOnMode": "AUTO_LOGIN", "settings": {"signOn": sign_on}})
            }
        };
        apps::create(okta, &body, input.activate)
    }
}

pub struct DeleteApplication;

/// Which app to delete, and whether to deactivate it first.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeleteApplicationInput {
    /// The app's id (`0oa…`).
    #[schemars(length(min = 1))]
    pub app_id: String,
    /// Okta deletes only INACTIVE apps: deactivate the app first when it is ACTIVE.
    #[serde(default)]
    pub deactivate_first: bool,
}

/// What the deletion did.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeleteApplicationOutput {
    pub app_id: String,
    /// Always true: failures are errors.
    pub deleted: bool,
    /// The app was ACTIVE and was deactivated first.
    pub deactivated: bool,
}

impl Action for DeleteApplication {
    const KEY: &'static str = "delete-application";
    const LABEL: &'static str = "Delete Application";
    const DESCRIPTION: &'static str =
        "Deletes an application and its assignments. Okta refuses ACTIVE apps: deactivate first, or set deactivateFirst.";
    const FLAGS: Flags = REMOVE;
    type Input = DeleteApplicationInput;
    type Output = DeleteApplicationOutput;

    fn validate(input: &DeleteApplicationInput) -> Result<()> {
        non_empty("appId", &input.app_id)
    }

    fn run(okta: &Okta, input: DeleteApplicationInput) -> Result<DeleteApplicationOutput> {
        let id = input.app_id.trim();
        let deactivated = input.deactivate_first && apps::get::<Value>(okta, id, None)?["status"] == "ACTIVE";
        if deactivated {
            apps::lifecycle(okta, id, "deactivate")?;
        }
        apps::delete(okta, id).map_err(|e| match e {
            Error::Forbidden(mut d) if d.okta.as_ref().and_then(|o| o.error_code.as_deref()) == Some("E0000056") => {
                d.message = format!("{} The app is ACTIVE: deactivate it first, or set `deactivateFirst: true`.", d.message);
                Error::Forbidden(d)
            }
            e => e,
        })?;
        Ok(DeleteApplicationOutput { app_id: id.to_string(), deleted: true, deactivated })
    }
}

pub struct ListApplicationKeys;

/// The app's signing key credentials.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ListApplicationKeysOutput {
    /// Empty for apps that sign nothing (only SAML and WS-Fed apps have signing keys).
    pub keys: Vec<Raw<AppKey>>,
}

impl Action for ListApplicationKeys {
    const KEY: &'static str = "list-application-keys";
    const LABEL: &'static str = "List Application Keys";
    const DESCRIPTION: &'static str = "Lists an app's signing key credentials: each X.509 certificate (`x5c`), its `kid` and when it expires.";
    const ALIASES: &'static [&'static str] = &["List Key Credentials for Application"];
    const FLAGS: Flags = READ;
    type Input = AppIdInput;
    type Output = ListApplicationKeysOutput;

    fn validate(input: &AppIdInput) -> Result<()> {
        non_empty("appId", &input.app_id)
    }

    fn run(okta: &Okta, input: AppIdInput) -> Result<ListApplicationKeysOutput> {
        Ok(ListApplicationKeysOutput { keys: apps::keys(okta, input.app_id.trim())? })
    }
}

pub struct GetApplicationKey;

/// Which key of which app.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AppKeyInput {
    /// The app's id (`0oa…`).
    #[schemars(length(min = 1))]
    pub app_id: String,
    /// The key's `kid`.
    #[schemars(length(min = 1))]
    pub key_id: String,
}

impl Action for GetApplicationKey {
    const KEY: &'static str = "get-application-key";
    const LABEL: &'static str = "Get Application Key";
    const DESCRIPTION: &'static str = "Reads one signing key credential of an app by its `kid`.";
    const ALIASES: &'static [&'static str] = &["Get Key Credential for Application"];
    const FLAGS: Flags = READ;
    type Input = AppKeyInput;
    type Output = Raw<AppKey>;

    fn validate(input: &AppKeyInput) -> Result<()> {
        non_empty("appId", &input.app_id)?;
        non_empty("keyId", &input.key_id)
    }

    fn run(okta: &Okta, input: AppKeyInput) -> Result<Raw<AppKey>> {
        apps::key(okta, input.app_id.trim(), input.key_id.trim())
    }
}

pub struct GetApplicationSamlMetadata;

/// Which app, and which of its keys the metadata carries.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SamlMetadataInput {
    /// The SAML app's id (`0oa…`).
    #[schemars(length(min = 1))]
    pub app_id: String,
    /// The signing key's `kid`; by default the key the app signs with now (`credentials.signing.kid`).
    #[serde(default)]
    pub key_id: Option<String>,
}

/// The IdP metadata a service provider is configured with, and its main values.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SamlMetadataOutput {
    pub app_id: String,
    /// The key the metadata carries.
    pub key_id: String,
    /// The metadata XML as Okta served it.
    pub metadata: String,
    /// The IdP's entity id (issuer), from `EntityDescriptor/@entityID`.
    pub entity_id: Option<String>,
    /// The IdP's SSO URL for the HTTP-POST binding (else the first one listed).
    pub sso_url: Option<String>,
    /// The signing certificate, base64 DER as in the metadata.
    pub certificate: Option<String>,
}

/// The value of `attribute="…"` in `element` (XML's predefined entities decoded).
fn attribute(element: &str, attribute: &str) -> Option<String> {
    let start = element.find(&format!("{attribute}=\""))? + attribute.len() + 2;
    let value = &element[start..start + element[start..].find('"')?];
    Some(value.replace("&quot;", "\"").replace("&apos;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
}

/// The parts flows use, found by plain text search: Okta's metadata is one small, fixed-shape document.
fn metadata_parts(xml: &str) -> (Option<String>, Option<String>, Option<String>) {
    let entity_id = xml.find("EntityDescriptor").and_then(|i| attribute(&xml[i..i + xml[i..].find('>')?], "entityID"));
    let services: Vec<&str> = xml.match_indices("SingleSignOnService ").filter_map(|(i, _)| Some(&xml[i..i + xml[i..].find('>')?])).collect();
    let post = services.iter().find(|s| s.contains("HTTP-POST")).or(services.first());
    let sso_url = post.and_then(|s| attribute(s, "Location"));
    let certificate = xml.find("X509Certificate>").and_then(|i| {
        let rest = &xml[i + "X509Certificate>".len()..];
        Some(rest[..rest.find('<')?].split_whitespace().collect::<String>())
    });
    (entity_id, sso_url, certificate)
}

impl Action for GetApplicationSamlMetadata {
    const KEY: &'static str = "get-application-saml-metadata";
    const LABEL: &'static str = "Get Application SAML Metadata";
    const DESCRIPTION: &'static str = "Reads a SAML app's IdP metadata for one of its signing keys (by default the one it signs with): the XML, and its entity id, SSO URL and certificate.";
    const ALIASES: &'static [&'static str] = &["Preview SAML Metadata for Application", "Get SAML Metadata"];
    const FLAGS: Flags = READ;
    type Input = SamlMetadataInput;
    type Output = SamlMetadataOutput;

    fn validate(input: &SamlMetadataInput) -> Result<()> {
        non_empty("appId", &input.app_id)?;
        match &input.key_id {
            Some(k) => non_empty("keyId", k),
            None => Ok(()),
        }
    }

    fn run(okta: &Okta, input: SamlMetadataInput) -> Result<SamlMetadataOutput> {
        let app_id = input.app_id.trim();
        let key_id = match input.key_id {
            Some(k) => k.trim().to_string(),
            None => {
                let app: Value = apps::get(okta, app_id, None)?;
                let kid = app.pointer("/credentials/signing/kid").and_then(Value::as_str).map(str::to_string);
                kid.ok_or_else(|| {
                    let mode = app["signOnMode"].as_str().unwrap_or("?");
                    Error::NotFound(Detail { message: format!("app {app_id} ({mode}) signs with no key, so it has no SAML metadata"), okta: None })
                })?
            }
        };
        let metadata = apps::saml_metadata(okta, app_id, &key_id)?;
        let (entity_id, sso_url, certificate) = metadata_parts(&metadata);
        Ok(SamlMetadataOutput { app_id: app_id.to_string(), key_id, metadata, entity_id, sso_url, certificate })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn metadata_parts_are_found_in_oktas_document() {
        let xml = r#"<?xml version="1.0"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="http://www.okta.com/exk1"><md:IDPSSODescriptor><md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>MIIB
  AAA=</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://r"/><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://acme.okta.com/app/x/exk1/sso/saml?a=1&amp;b=2"/></md:IDPSSODescriptor></md:EntityDescriptor>"#;
        let (entity, sso, cert) = super::metadata_parts(xml);
        assert_eq!(entity.as_deref(), Some("http://www.okta.com/exk1"));
        assert_eq!(sso.as_deref(), Some("https://acme.okta.com/app/x/exk1/sso/saml?a=1&b=2"));
        assert_eq!(cert.as_deref(), Some("MIIBAAA="));
        assert_eq!(super::metadata_parts("<html/>"), (None, None, None));
    }
}
