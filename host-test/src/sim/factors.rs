//! A user's MFA factors and sessions (API-NOTES §6.6), the factor catalog and security questions,
//! enrollment, activation and verification, and the org's authenticators that decide which factors
//! can be enrolled.
//!
//! TOTP passcodes are RFC 6238 over the base32 secret the simulator issued (HMAC-SHA-1, 30 s steps,
//! 6 digits, one step of drift either way, each step accepted once), read from the simulator clock.
//! SMS, call and email passcodes are "sent" by keeping them on the factor; the test-only control
//! path (`GET /sim/passcodes`) and [`super::Simulator::passcodes`] read them back.

use super::clock::{iso, Millis};
use super::ctx::{json_body, no_content, ok, Ctx};
use super::errors::{ApiError, ApiResult};
use super::org::Org;
use super::users::model::Status;
use super::users::resolve;
use super::Shared;
use axum::body::Bytes;
use axum::extract::Path;
use axum::routing::{delete, get, post};
use axum::Router;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use std::sync::Arc;

/// How long an SMS, call or email passcode stays valid unless `tokenLifetimeSeconds` says otherwise.
const PASSCODE_LIFETIME_SECS: i64 = 300;
const TOTP_STEP_MS: Millis = 30_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FactorStatus {
    Active,
    PendingActivation,
}

#[derive(Debug, Clone)]
pub(crate) struct Factor {
    pub id: String,
    pub factor_type: &'static str,
    pub provider: &'static str,
    pub status: FactorStatus,
    pub created: Millis,
    pub last_updated: Millis,
    pub profile: Value,
    /// `token:software:totp`: the base32 shared secret issued at enrollment.
    pub secret: Option<String>,
    /// `token:software:totp`: the last time step accepted; a code is good once.
    pub last_step: Option<i64>,
    /// `question`: the answer, compared case-insensitively.
    pub answer: Option<String>,
    /// `sms`, `call`, `email`: the passcode last sent and when it expires.
    pub sent: Option<(String, Millis)>,
}

impl Factor {
    /// An ACTIVE factor as the seed creates them.
    pub fn active(id: String, factor_type: &'static str, provider: &'static str, created: Millis, profile: Value, secret: Option<String>) -> Factor {
        Factor { id, factor_type, provider, status: FactorStatus::Active, created, last_updated: created, profile, secret, last_step: None, answer: None, sent: None }
    }

    fn to_json(&self, base: &str, user_id: &str) -> Value {
        let href = format!("{base}/api/v1/users/{user_id}/factors/{}", self.id);
        let link = |href: String, allow: &[&str]| json!({"href": href, "hints": {"allow": allow}});
        let mut links = serde_json::Map::new();
        links.insert("user".into(), link(format!("{base}/api/v1/users/{user_id}"), &["GET"]));
        match self.status {
            FactorStatus::Active => {
                links.insert("self".into(), link(href.clone(), &["GET", "DELETE"]));
                if self.factor_type == "question" {
                    links.insert("questions".into(), link(format!("{base}/api/v1/users/{user_id}/factors/questions"), &["GET"]));
                } else {
                    links.insert("verify".into(), link(format!("{href}/verify"), &["POST"]));
                }
            }
            FactorStatus::PendingActivation => {
                links.insert("self".into(), link(href.clone(), &["GET"]));
                links.insert("activate".into(), link(format!("{href}/lifecycle/activate"), &["POST"]));
                if self.sent.is_some() {
                    links.insert("resend".into(), json!([{"name": self.factor_type, "href": format!("{href}/resend"), "hints": {"allow": ["POST"]}}]));
                }
            }
        }
        let status = match self.status {
            FactorStatus::Active => "ACTIVE",
            FactorStatus::PendingActivation => "PENDING_ACTIVATION",
        };
        json!({
            "id": self.id, "factorType": self.factor_type, "provider": self.provider, "vendorName": self.provider,
            "status": status, "created": iso(self.created), "lastUpdated": iso(self.last_updated), "profile": self.profile,
            "_links": links,
        })
    }
}

/// One enabled authenticator of the org and the factors (type, provider) it offers.
struct Authenticator {
    key: &'static str,
    kind: &'static str,
    name: &'static str,
    factors: &'static [(&'static str, &'static str)],
}

/// The org's authenticators, all ACTIVE (Okta Identity Engine's defaults plus Google Authenticator and the phone).
const AUTHENTICATORS: &[Authenticator] = &[
    Authenticator { key: "okta_email", kind: "email", name: "Email", factors: &[("email", "OKTA")] },
    Authenticator { key: "okta_password", kind: "password", name: "Password", factors: &[] },
    Authenticator { key: "phone_number", kind: "phone", name: "Phone", factors: &[("sms", "OKTA"), ("call", "OKTA")] },
    Authenticator { key: "security_question", kind: "security_question", name: "Security Question", factors: &[("question", "OKTA")] },
    Authenticator { key: "okta_verify", kind: "app", name: "Okta Verify", factors: &[("token:software:totp", "OKTA")] },
    Authenticator { key: "google_otp", kind: "app", name: "Google Authenticator", factors: &[("token:software:totp", "GOOGLE")] },
];

/// When the org's authenticators were set up (they never change).
const AUTHENTICATORS_CREATED: Millis = 1_595_797_523_000;

/// Okta's security questions (`question` key, text).
const QUESTIONS: &[(&str, &str)] = &[
    ("disliked_food", "What is the food you least liked as a child?"),
    ("name_of_first_plush_toy", "What is the name of your first stuffed animal?"),
    ("first_award", "What did you earn your first medal or award for?"),
    ("favorite_security_question", "What is your favorite security question?"),
    ("favorite_toy", "What is the toy/stuffed animal you liked the most as a kid?"),
    ("first_computer_game", "What was the first computer game you played?"),
    ("favorite_movie_quote", "What is your favorite movie quote?"),
    ("first_sports_team_mascot", "What was the mascot of the first sports team you played on?"),
    ("first_music_purchase", "What music album or song did you first purchase?"),
    ("favorite_art_piece", "What is your favorite piece of art?"),
    ("grandmother_favorite_desert", "What was your grandmother's favorite dessert?"),
    ("first_thing_cooked", "What was the first thing you learned to cook?"),
    ("childhood_dream_job", "What was your dream job as a child?"),
    ("first_kiss_location", "Where did you have your first kiss?"),
    ("place_where_significant_other_was_met", "Where did you meet your spouse/significant other?"),
    ("favorite_vacation_location", "Where did you go for your favorite vacation?"),
    ("new_years_two_thousand", "Where were you on New Year's Eve in the year 2000?"),
    ("favorite_speaker_actor", "Who is your favorite speaker/orator?"),
    ("favorite_book_movie_character", "Who is your favorite book/movie character?"),
    ("favorite_sports_player", "Who is your favorite sports player?"),
];

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v1/users/{id}/factors", get(list).post(enroll))
        .route("/api/v1/users/{id}/factors/catalog", get(catalog))
        .route("/api/v1/users/{id}/factors/questions", get(questions))
        .route("/api/v1/users/{id}/factors/{factor}", get(get_factor).delete(unenroll))
        .route("/api/v1/users/{id}/factors/{factor}/lifecycle/activate", post(activate))
        .route("/api/v1/users/{id}/factors/{factor}/resend", post(resend))
        .route("/api/v1/users/{id}/factors/{factor}/verify", post(verify))
        .route("/api/v1/users/{id}/sessions", delete(clear_sessions))
        .route("/api/v1/authenticators", get(authenticators))
}

async fn list(ctx: Ctx, Path(key): Path<String>) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    let id = resolve(&org, &key)?;
    let factors = org.factors.get(&id).map(Vec::as_slice).unwrap_or_default();
    Ok(ok(Value::Array(factors.iter().map(|f| f.to_json(&ctx.base, &id)).collect())))
}

async fn get_factor(ctx: Ctx, Path((key, factor)): Path<(String, String)>) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    let id = resolve(&org, &key)?;
    let f = org.factors.get(&id).and_then(|fs| fs.iter().find(|f| f.id == factor)).ok_or_else(|| ApiError::not_found(&factor, "UserFactor"))?;
    Ok(ok(f.to_json(&ctx.base, &id)))
}

/// Every factor the org's authenticators offer, with the user's enrollment status of each.
async fn catalog(ctx: Ctx, Path(key): Path<String>) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    let id = resolve(&org, &key)?;
    let enrolled = org.factors.get(&id).map(Vec::as_slice).unwrap_or_default();
    let base = &ctx.base;
    let entries = AUTHENTICATORS.iter().flat_map(|a| a.factors).map(|&(factor_type, provider)| {
        let mine = enrolled.iter().find(|f| f.factor_type == factor_type && f.provider == provider);
        let status = match mine.map(|f| f.status) {
            Some(FactorStatus::Active) => "ACTIVE",
            Some(FactorStatus::PendingActivation) => "PENDING_ACTIVATION",
            None => "NOT_SETUP",
        };
        let mut links = json!({"enroll": {"href": format!("{base}/api/v1/users/{id}/factors"), "hints": {"allow": ["POST"]}}});
        if factor_type == "question" {
            links["questions"] = json!({"href": format!("{base}/api/v1/users/{id}/factors/questions"), "hints": {"allow": ["GET"]}});
        }
        json!({"factorType": factor_type, "provider": provider, "vendorName": provider, "status": status, "enrollment": "OPTIONAL", "_links": links})
    });
    Ok(ok(Value::Array(entries.collect())))
}

async fn questions(ctx: Ctx, Path(key): Path<String>) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    resolve(&org, &key)?;
    Ok(ok(Value::Array(QUESTIONS.iter().map(|(q, text)| json!({"question": q, "questionText": text})).collect())))
}

async fn authenticators(ctx: Ctx) -> ApiResult {
    let list = AUTHENTICATORS.iter().map(|a| {
        let id = super::rng::Rng::new(a.key.bytes().fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(b as u64))).id("aut");
        let href = format!("{}/api/v1/authenticators/{id}", ctx.base);
        let mut links = json!({
            "self": {"href": href, "hints": {"allow": ["GET", "PUT"]}},
            "methods": {"href": format!("{href}/methods"), "hints": {"allow": ["GET"]}},
        });
        if a.key != "okta_password" {
            links["deactivate"] = json!({"href": format!("{href}/lifecycle/deactivate"), "hints": {"allow": ["POST"]}});
        }
        let created = iso(AUTHENTICATORS_CREATED);
        json!({"type": a.kind, "id": id, "key": a.key, "status": "ACTIVE", "name": a.name, "created": created, "lastUpdated": created, "_links": links})
    });
    Ok(ok(Value::Array(list.collect())))
}

/// 400 `E0000001` "Api validation failed: factorEnrollRequest", as Okta refuses an enrollment.
fn refused(cause: &str) -> ApiError {
    ApiError { causes: vec![cause.to_string()], ..ApiError::new(400, "E0000001", "Api validation failed: factorEnrollRequest") }
}

/// 403 `E0000068`: a passcode or answer that does not match.
fn mismatch(what: &str) -> ApiError {
    ApiError { causes: vec![format!("Your {what} doesn't match our records. Please try again.")], ..ApiError::new(403, "E0000068", "Invalid Passcode/Answer") }
}

/// A phone number as Okta accepts it: `+`, digits, and `-`/space separators.
fn valid_phone(n: &str) -> bool {
    let digits = n.bytes().filter(u8::is_ascii_digit).count();
    n.starts_with('+') && (8..=15).contains(&digits) && n[1..].bytes().all(|b| b.is_ascii_digit() || b == b'-' || b == b' ')
}

fn lifetime_ms(ctx: &Ctx) -> ApiResult<Millis> {
    match ctx.param("tokenLifetimeSeconds") {
        None => Ok(PASSCODE_LIFETIME_SECS * 1000),
        Some(v) => match v.parse::<i64>() {
            Ok(s) if (1..=86_400).contains(&s) => Ok(s * 1000),
            _ => Err(ApiError::validation(&[("tokenLifetimeSeconds", "must be between 1 and 86400")])),
        },
    }
}

/// Enrolls `sms`, `call`, `email`, `question` or `token:software:totp` (providers OKTA and GOOGLE).
/// SMS, call and email start PENDING_ACTIVATION with a passcode sent (`resend` sends another), or ACTIVE
/// with `activate=true`;
/// a question is ACTIVE at once; TOTP is PENDING_ACTIVATION with its shared secret until a code
/// activates it. A pending enrollment of the same factor is replaced.
async fn enroll(ctx: Ctx, Path(key): Path<String>, body: Bytes) -> ApiResult {
    let auto_activate = ctx.flag("activate", false)?;
    let update_phone = ctx.flag("updatePhone", false)?;
    let lifetime = lifetime_ms(&ctx)?;
    let b = json_body(&body)?;
    let mut org = ctx.shared.org.lock().unwrap();
    let id = resolve(&org, &key)?;
    if org.users.get(&id).is_some_and(|u| u.status == Status::Deprovisioned) {
        return Err(ApiError::bad_status());
    }
    let (factor_type, provider) = (b["factorType"].as_str().unwrap_or(""), b["provider"].as_str().unwrap_or("OKTA"));
    let Some(&(factor_type, provider)) = AUTHENTICATORS.iter().flat_map(|a| a.factors).find(|(t, p)| *t == factor_type && *p == provider) else {
        return Err(refused("Factor not allowed for the user based on the Multifactor policy."));
    };
    let profile = &b["profile"];
    let text = |name: &str| profile[name].as_str().map(str::trim).filter(|s| !s.is_empty());
    let existing = org.factors.get(&id).and_then(|fs| fs.iter().find(|f| f.factor_type == factor_type && f.provider == provider)).cloned();
    if existing.as_ref().is_some_and(|f| f.status == FactorStatus::Active) {
        return Err(refused("A factor of this type is already set up."));
    }
    let now = ctx.now();
    let factor_id = org.rng.id(match factor_type {
        "sms" => "mbl",
        "call" => "clf",
        "email" => "emf",
        "question" => "ufs",
        _ => "ost",
    });
    let mut factor = Factor { id: factor_id, factor_type, provider, status: FactorStatus::PendingActivation, created: now, last_updated: now, profile: json!({}), secret: None, last_step: None, answer: None, sent: None };
    let mut embedded = None;
    match factor_type {
        "sms" | "call" => {
            let phone = text("phoneNumber").filter(|p| valid_phone(p)).ok_or_else(|| refused("phoneNumber: The format of the phone number is invalid."))?;
            if let Some(old) = existing.as_ref().and_then(|f| f.profile["phoneNumber"].as_str()) {
                if old != phone && !update_phone {
                    return Err(refused("There is an existing un-verified phone number."));
                }
            }
            factor.profile = json!({"phoneNumber": phone});
            if let (Some(ext), "call") = (text("phoneExtension"), factor_type) {
                factor.profile["phoneExtension"] = json!(ext);
            }
        }
        "email" => {
            let email = text("email").filter(|e| e.contains('@')).ok_or_else(|| refused("email: The email address is invalid."))?;
            factor.profile = json!({"email": email});
        }
        "question" => {
            let question = text("question").ok_or_else(|| refused("question: The security question is required."))?;
            let (question, question_text) = QUESTIONS.iter().find(|(q, _)| *q == question).ok_or_else(|| refused("question: The security question is not one of the supported questions."))?;
            let answer = profile["answer"].as_str().unwrap_or("").trim();
            if answer.chars().count() < 4 {
                return Err(refused("answer: The security question answer must be at least 4 characters in length."));
            }
            factor.profile = json!({"question": question, "questionText": question_text});
            factor.answer = Some(answer.to_lowercase());
            factor.status = FactorStatus::Active;
        }
        _ => {
            let secret: Vec<u8> = (0..10).map(|_| org.rng.below(256) as u8).collect();
            let secret = data_encoding::BASE32_NOPAD.encode(&secret);
            let login = org.users.get(&id).map(|u| u.login().to_string()).unwrap_or_default();
            factor.profile = json!({"credentialId": login});
            let qr = format!("{}/api/v1/users/{id}/factors/{}/qr/{}", ctx.base, factor.id, org.rng.alphanumeric(43));
            embedded = Some(json!({"activation": {"timeStep": TOTP_STEP_MS / 1000, "sharedSecret": secret, "encoding": "base32", "keyLength": 6,
                "_links": {"qrcode": {"href": qr, "type": "image/png"}}}}));
            factor.secret = Some(secret);
        }
    }
    if matches!(factor_type, "sms" | "call" | "email") {
        if auto_activate {
            factor.status = FactorStatus::Active;
        } else {
            let code = passcode(&mut org);
            factor.sent = Some((code, now + lifetime));
        }
    }
    let active = factor.status == FactorStatus::Active;
    let mut out = factor.to_json(&ctx.base, &id);
    if let Some(e) = embedded {
        out["_embedded"] = e;
    }
    let factors = org.factors.entry(id.clone()).or_default();
    factors.retain(|f| !(f.factor_type == factor_type && f.provider == provider));
    factors.push(factor);
    if active {
        org.emit_user(&ctx, "user.mfa.factor.activate", &id);
    }
    Ok(ok(out))
}

/// A six-digit passcode for an SMS, call or email.
fn passcode(org: &mut Org) -> String {
    format!("{:06}", org.rng.below(1_000_000))
}

/// The RFC 6238 code of `step` (HMAC-SHA-1, dynamic truncation, 6 digits).
fn totp(secret: &[u8], step: i64) -> String {
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(&(step as u64).to_be_bytes());
    let h = mac.finalize().into_bytes();
    let o = (h[19] & 0x0f) as usize;
    let bin = u32::from_be_bytes([h[o] & 0x7f, h[o + 1], h[o + 2], h[o + 3]]);
    format!("{:06}", bin % 1_000_000)
}

/// Checks a passcode or answer against the factor: `Ok` when it matches, Okta's refusal otherwise.
/// A matching TOTP code is spent; a matching sent passcode is too.
fn check(f: &mut Factor, b: &Value, now: Millis) -> ApiResult<()> {
    let pass_code = b["passCode"].as_str().map(str::trim);
    match f.factor_type {
        "question" => {
            let answer = b["answer"].as_str().map(|a| a.trim().to_lowercase());
            match (answer, &f.answer) {
                (Some(given), Some(expected)) if &given == expected => Ok(()),
                _ => Err(mismatch("answer")),
            }
        }
        "token:software:totp" => {
            let pass_code = pass_code.ok_or_else(|| ApiError::validation(&[("passCode", "The passcode is required.")]))?;
            let secret = f.secret.as_deref().and_then(|s| data_encoding::BASE32_NOPAD.decode(s.as_bytes()).ok()).unwrap_or_default();
            let current = now.div_euclid(TOTP_STEP_MS);
            let step = (current - 1..=current + 1).find(|&s| totp(&secret, s) == pass_code).ok_or_else(|| mismatch("passcode"))?;
            if f.last_step.is_some_and(|last| step <= last) {
                return Err(ApiError::new(403, "E0000082", "Each code can only be used once. Please wait for a new code and try again."));
            }
            f.last_step = Some(step);
            Ok(())
        }
        _ => {
            let pass_code = pass_code.ok_or_else(|| ApiError::validation(&[("passCode", "The passcode is required.")]))?;
            match &f.sent {
                Some((sent, expires)) if sent == pass_code && now < *expires => {
                    f.sent = None;
                    Ok(())
                }
                _ => Err(mismatch("passcode")),
            }
        }
    }
}

fn factor_mut<'a>(org: &'a mut Org, user_id: &str, factor: &str) -> ApiResult<&'a mut Factor> {
    org.factors.get_mut(user_id).and_then(|fs| fs.iter_mut().find(|f| f.id == factor)).ok_or_else(|| ApiError::not_found(factor, "UserFactor"))
}

/// Completes a PENDING_ACTIVATION enrollment with its passcode (TOTP: a code from the secret).
async fn activate(ctx: Ctx, Path((key, factor)): Path<(String, String)>, body: Bytes) -> ApiResult {
    let b = json_body(&body)?;
    let now = ctx.now();
    let mut org = ctx.shared.org.lock().unwrap();
    let id = resolve(&org, &key)?;
    let f = factor_mut(&mut org, &id, &factor)?;
    if f.status != FactorStatus::PendingActivation {
        return Err(ApiError { causes: vec!["Factor is already active.".into()], ..ApiError::new(400, "E0000001", "Api validation failed: factor") });
    }
    check(f, &b, now)?;
    f.status = FactorStatus::Active;
    f.last_updated = now;
    let out = f.to_json(&ctx.base, &id);
    org.emit_user(&ctx, "user.mfa.factor.activate", &id);
    Ok(ok(out))
}

/// Sends a pending SMS, call or email enrollment a new passcode; the one sent before stops working.
async fn resend(ctx: Ctx, Path((key, factor)): Path<(String, String)>, body: Bytes) -> ApiResult {
    json_body(&body)?;
    let now = ctx.now();
    let mut org = ctx.shared.org.lock().unwrap();
    let id = resolve(&org, &key)?;
    let code = passcode(&mut org);
    let f = factor_mut(&mut org, &id, &factor)?;
    if f.status != FactorStatus::PendingActivation || f.sent.is_none() {
        return Err(ApiError { causes: vec!["Factor is not pending activation.".into()], ..ApiError::new(400, "E0000001", "Api validation failed: factor") });
    }
    f.sent = Some((code, now + PASSCODE_LIFETIME_SECS * 1000));
    Ok(ok(f.to_json(&ctx.base, &id)))
}

/// Verifies an ACTIVE factor. SMS, call and email without a passcode send one (CHALLENGE).
async fn verify(ctx: Ctx, Path((key, factor)): Path<(String, String)>, body: Bytes) -> ApiResult {
    let lifetime = lifetime_ms(&ctx)?;
    let b = json_body(&body)?;
    let now = ctx.now();
    let mut org = ctx.shared.org.lock().unwrap();
    let id = resolve(&org, &key)?;
    let code = passcode(&mut org);
    let f = factor_mut(&mut org, &id, &factor)?;
    if f.status != FactorStatus::Active {
        return Err(ApiError { causes: vec!["Factor is not active.".into()], ..ApiError::new(400, "E0000001", "Api validation failed: factor") });
    }
    if matches!(f.factor_type, "sms" | "call" | "email") && b.get("passCode").is_none() {
        f.sent = Some((code, now + lifetime));
        let href = format!("{}/api/v1/users/{id}/factors/{}", ctx.base, f.id);
        let mut out = json!({"factorResult": "CHALLENGE", "_links": {
            "verify": {"href": format!("{href}/verify"), "hints": {"allow": ["POST"]}},
            "factor": {"href": href, "hints": {"allow": ["GET", "DELETE"]}},
        }});
        if f.factor_type != "email" {
            out["profile"] = f.profile.clone();
        }
        return Ok(ok(out));
    }
    check(f, &b, now)?;
    Ok(ok(json!({"factorResult": "SUCCESS"})))
}

/// A passcode the org has sent and not yet seen used, as the test-only controls show it.
#[derive(Debug, Clone, PartialEq)]
pub struct SentPasscode {
    pub user_id: String,
    pub factor_id: String,
    /// `sms`, `call` or `email`.
    pub factor_type: String,
    /// The phone number or email address it went to.
    pub to: String,
    pub pass_code: String,
    pub expires_at: Millis,
}

/// Every outstanding passcode, by user and factor.
pub(crate) fn outstanding(org: &Org) -> Vec<SentPasscode> {
    org.factors
        .iter()
        .flat_map(|(user, fs)| fs.iter().map(move |f| (user, f)))
        .filter_map(|(user, f)| {
            let (code, expires) = f.sent.as_ref()?;
            let to = f.profile["phoneNumber"].as_str().or(f.profile["email"].as_str()).unwrap_or_default();
            Some(SentPasscode { user_id: user.clone(), factor_id: f.id.clone(), factor_type: f.factor_type.into(), to: to.into(), pass_code: code.clone(), expires_at: *expires })
        })
        .collect()
}

/// Refused for deactivated users; 404 for an unknown factor.
async fn unenroll(ctx: Ctx, Path((key, factor)): Path<(String, String)>) -> ApiResult {
    ctx.flag("removeRecoveryEnrollment", false)?;
    let mut org = ctx.shared.org.lock().unwrap();
    let id = resolve(&org, &key)?;
    if org.users.get(&id).is_some_and(|u| u.status == Status::Deprovisioned) {
        return Err(ApiError::bad_status());
    }
    let factors = org.factors.entry(id.clone()).or_default();
    let before = factors.len();
    factors.retain(|f| f.id != factor);
    if factors.len() == before {
        return Err(ApiError::not_found(&factor, "UserFactor"));
    }
    org.emit_user(&ctx, "user.mfa.factor.deactivate", &id);
    Ok(no_content())
}

async fn clear_sessions(ctx: Ctx, Path(key): Path<String>) -> ApiResult {
    ctx.flag("oauthTokens", false)?;
    ctx.flag("forgetDevices", true)?;
    let mut org = ctx.shared.org.lock().unwrap();
    let id = resolve(&org, &key)?;
    org.emit_user(&ctx, "user.session.clear", &id);
    Ok(no_content())
}

#[cfg(test)]
mod tests {
    /// RFC 6238 Appendix B, SHA-1, truncated to 6 digits (the 8-digit values' last six).
    #[test]
    fn totp_matches_the_rfc_6238_test_vectors() {
        let secret = b"12345678901234567890";
        for (t, code) in [(59, "287082"), (1_111_111_109, "081804"), (1_234_567_890, "005924"), (2_000_000_000, "279037")] {
            assert_eq!(super::totp(secret, t / 30), code);
        }
    }
}
