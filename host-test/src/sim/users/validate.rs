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
/// `custom` holds the custom attribute definitions of the user schema; `previous` is the stored
/// profile on an update (read-only and immutable attributes may keep their value).
pub fn profile_errors(
    profile: &Map<String, Value>,
    previous: Option<&Map<String, Value>>,
    custom: &Map<String, Value>,
    users: &Users,
    self_id: Option<&str>,
) -> Vec<(String, String)> {
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
    errors.extend(undeclared_or_untyped(profile, BASE_ATTRIBUTES, custom));
    errors.extend(definition_errors(profile, previous, custom));
    errors
}

/// Attributes neither base nor custom, base attributes that are not strings, and text Okta cannot store.
pub fn undeclared_or_untyped(profile: &Map<String, Value>, base: &[&str], custom: &Map<String, Value>) -> Vec<(String, String)> {
    let mut errors = Vec::new();
    for (name, value) in profile {
        if base.contains(&name.as_str()) {
            if !value.is_null() && !value.is_string() {
                errors.push((name.clone(), "Does not match required type string".into()));
            }
        } else if !custom.contains_key(name) {
            errors.push((name.clone(), format!("Property name '{name}' is not defined in profile")));
        }
        if value.as_str().is_some_and(|s| s.chars().any(|c| c.len_utf8() > 3)) {
            errors.push((name.clone(), "Characters outside the Basic Multilingual Plane are not supported".into()));
        }
    }
    errors
}

/// Checks values against their attribute definitions (Okta's schema keys): type, required, length,
/// range, enum, pattern (whole value, as Okta's Java patterns match), read-only and immutable.
pub fn definition_errors(profile: &Map<String, Value>, previous: Option<&Map<String, Value>>, defs: &Map<String, Value>) -> Vec<(String, String)> {
    let mut errors = Vec::new();
    for (name, def) in defs {
        let value = profile.get(name).unwrap_or(&Value::Null);
        let mut fail = |message: String| errors.push((name.clone(), message));
        let blank = value.is_null() || value.as_str().is_some_and(|s| s.trim().is_empty());
        if blank {
            if def["required"] == true {
                fail("The field cannot be left blank".into());
            }
            continue;
        }
        let was = previous.and_then(|p| p.get(name)).unwrap_or(&Value::Null);
        match def["mutability"].as_str() {
            Some("READ_ONLY") if value != was => fail("The field is read-only and cannot be changed".into()),
            Some("IMMUTABLE") if previous.is_some() && !was.is_null() && value != was => fail("The field is immutable and cannot be changed".into()),
            _ => {}
        }
        let kind = def["type"].as_str().unwrap_or("string");
        if !type_matches(kind, value) {
            fail(format!("Does not match required type {kind}"));
            continue;
        }
        let items: Vec<&Value> = match value.as_array() {
            Some(items) => items.iter().collect(),
            None => vec![value],
        };
        let rules = if value.is_array() { &def["items"] } else { def };
        for item in items {
            if let Some(reason) = value_error(item, rules) {
                fail(reason);
                break;
            }
        }
    }
    errors
}

/// The first rule of `def` that one (scalar) value breaks.
fn value_error(value: &Value, def: &Value) -> Option<String> {
    if let Some(kind) = def["type"].as_str() {
        if !type_matches(kind, value) {
            return Some(format!("Does not match required type {kind}"));
        }
    }
    if let Some(allowed) = def["enum"].as_array() {
        if !allowed.contains(value) {
            return Some("Does not match required enum values".into());
        }
    }
    if let Some(text) = value.as_str() {
        let length = text.chars().count() as u64;
        if let Some(max) = def["maxLength"].as_u64().filter(|max| length > *max) {
            return Some(format!("The field cannot exceed {max} characters"));
        }
        if let Some(min) = def["minLength"].as_u64().filter(|min| length < *min) {
            return Some(format!("The field must be at least {min} characters"));
        }
        let pattern = def["pattern"].as_str().and_then(|p| regex::Regex::new(&format!("^(?:{p})$")).ok());
        if pattern.is_some_and(|p| !p.is_match(text)) {
            return Some("Does not match required pattern".into());
        }
    }
    if let Some(number) = value.as_f64() {
        if def["maximum"].as_f64().is_some_and(|max| number > max) {
            return Some(format!("The field cannot be greater than {}", def["maximum"]));
        }
        if def["minimum"].as_f64().is_some_and(|min| number < min) {
            return Some(format!("The field cannot be less than {}", def["minimum"]));
        }
    }
    None
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
