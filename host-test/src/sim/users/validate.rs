//! Profile and password rules applied on create, update and password change.

use super::model::Users;
use serde_json::{Map, Value};

/// Okta's default user schema base attributes (`definitions.base`).
pub const BASE_ATTRIBUTES: &[&str] = &[
    "login", "email", "secondEmail", "firstName", "lastName", "middleName", "honorificPrefix", "honorificSuffix",
    "title", "displayName", "nickName", "profileUrl", "primaryPhone", "mobilePhone", "streetAddress", "city",
    "state", "zipCode", "countryCode", "postalAddress", "preferredLanguage", "locale", "timezone", "userType",
    "employeeNumber", "costCenter", "organization", "division", "department", "managerId", "manager",
];

pub const REQUIRED: &[&str] = &["login", "email", "firstName", "lastName"];

const PASSWORD_RULES: &str = "Password requirements were not met. Password requirements: at least 8 characters, \
a lowercase letter, an uppercase letter, a number, no parts of your username.";

fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// Validation causes as `(field, message)`; empty when the profile is valid.
/// `custom` holds the custom attribute definitions of the user schema.
pub fn profile_errors(profile: &Map<String, Value>, custom: &Map<String, Value>, users: &Users, self_id: Option<&str>) -> Vec<(String, String)> {
    let mut errors: Vec<(String, String)> = Vec::new();
    let text = |k: &str| profile.get(k).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
    for field in REQUIRED {
        if text(field).is_none() {
            errors.push((field.to_string(), "The field cannot be left blank".into()));
        }
    }
    if let Some(login) = text("login") {
        if !(5..=100).contains(&login.chars().count()) {
            errors.push(("login".into(), "Username must be between 5 and 100 characters".into()));
        } else if !looks_like_email(login) {
            errors.push(("login".into(), "Username must be in the form of an email address".into()));
        } else if users.login_taken(login, self_id) {
            errors.push(("login".into(), "An object with this field already exists in the current organization".into()));
        }
    }
    for field in ["email", "secondEmail"] {
        if let Some(v) = text(field) {
            if !looks_like_email(v) || !(5..=100).contains(&v.chars().count()) {
                errors.push((field.to_string(), "Does not match required pattern".into()));
            }
        }
    }
    for field in ["firstName", "lastName"] {
        if text(field).is_some_and(|v| v.chars().count() > 50) {
            errors.push((field.to_string(), "size must be between 1 and 50".into()));
        }
    }
    for (name, value) in profile {
        let declared = BASE_ATTRIBUTES.contains(&name.as_str()) || custom.contains_key(name);
        if !declared {
            errors.push((name.clone(), format!("Property name '{name}' is not defined in profile")));
        } else if let Some(kind) = custom.get(name).and_then(|d| d.get("type")).and_then(Value::as_str) {
            if !value.is_null() && !type_matches(kind, value) {
                errors.push((name.clone(), format!("Does not match required type {kind}")));
            }
        } else if !value.is_null() && !value.is_string() {
            errors.push((name.clone(), "Does not match required type string".into()));
        }
        if value.as_str().is_some_and(|s| s.chars().any(|c| c.len_utf8() > 3)) {
            errors.push((name.clone(), "Characters outside the Basic Multilingual Plane are not supported".into()));
        }
    }
    errors
}

pub(crate) fn type_matches(kind: &str, v: &Value) -> bool {
    match kind {
        "string" => v.is_string(),
        "boolean" => v.is_boolean(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "array" => v.is_array(),
        _ => true,
    }
}

/// Okta's default password policy; `Err` carries the policy message.
pub fn password_error(password: &str, profile: &Map<String, Value>) -> Option<String> {
    let lower = password.to_lowercase();
    let uses_name = ["login", "firstName", "lastName"].iter().any(|k| {
        profile
            .get(*k)
            .and_then(Value::as_str)
            .map(|v| v.split('@').next().unwrap_or(v).to_lowercase())
            .is_some_and(|part| part.len() >= 3 && lower.contains(&part))
    });
    let ok = password.chars().count() >= 8
        && password.chars().any(|c| c.is_lowercase())
        && password.chars().any(|c| c.is_uppercase())
        && password.chars().any(|c| c.is_ascii_digit())
        && !uses_name;
    (!ok).then(|| PASSWORD_RULES.to_string())
}
