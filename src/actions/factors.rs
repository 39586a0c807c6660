//! Factor actions: the catalog and security questions, enrolling, activating, verifying, reading and
//! removing a user's factors. Passcodes and answers are `Secret`s: sent to Okta, never echoed.

use super::non_empty;
use super::users::{UserRef, DISABLE, TRANSITION};
use crate::error::{Error, Result};
use crate::http::{percent_encode, Okta, Query, RawItem};
use crate::okta::factors::{self, Factor, SecurityQuestion, SupportedFactor};
use crate::okta::Raw;
use crate::registry::{Action, Flags, CREATE, READ};
use crate::secret::Secret;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

pub struct ListSupportedFactors;

#[derive(Serialize, JsonSchema)]
pub struct SupportedFactorsOutput {
    /// Each factor type and provider the user may enroll, with `status` `NOT_SETUP` or that of their enrollment.
    #[schemars(with = "Vec<SupportedFactor>")]
    pub factors: Vec<RawItem>,
}

impl Action for ListSupportedFactors {
    const KEY: &'static str = "list-supported-factors";
    const LABEL: &'static str = "List Supported Factors";
    const DESCRIPTION: &'static str = "Lists the factors a user may enroll (Okta's factor catalog for the enrollment policy that applies to them).";
    const ALIASES: &'static [&'static str] = &["List Factor Catalog", "List all supported factors"];
    const FLAGS: Flags = READ;
    type Input = UserRef;
    type Output = SupportedFactorsOutput;

    fn validate(input: &UserRef) -> Result<()> {
        non_empty("userId", &input.user_id)
    }

    fn run(okta: &Okta, input: UserRef) -> Result<SupportedFactorsOutput> {
        Ok(SupportedFactorsOutput { factors: factors::catalog(okta, input.user_id.trim())? })
    }
}

pub struct ListSecurityQuestions;

#[derive(Serialize, JsonSchema)]
pub struct SecurityQuestionsOutput {
    /// The `question` keys a security-question factor can be enrolled with, and their text.
    #[schemars(with = "Vec<SecurityQuestion>")]
    pub questions: Vec<RawItem>,
}

impl Action for ListSecurityQuestions {
    const KEY: &'static str = "list-security-questions";
    const LABEL: &'static str = "List Security Questions";
    const DESCRIPTION: &'static str = "Lists the security questions a user can enroll a `question` factor with.";
    const ALIASES: &'static [&'static str] = &["List all supported security questions"];
    const FLAGS: Flags = READ;
    type Input = UserRef;
    type Output = SecurityQuestionsOutput;

    fn validate(input: &UserRef) -> Result<()> {
        non_empty("userId", &input.user_id)
    }

    fn run(okta: &Okta, input: UserRef) -> Result<SecurityQuestionsOutput> {
        Ok(SecurityQuestionsOutput { questions: factors::questions(okta, input.user_id.trim())? })
    }
}

/// The factor types this action enrolls.
#[derive(Deserialize, JsonSchema, Clone, Copy, PartialEq, Eq, Debug)]
pub enum FactorType {
    /// Security question (`question`, `answer`); active at once.
    #[serde(rename = "question")]
    Question,
    /// Text message to `phoneNumber`.
    #[serde(rename = "sms")]
    Sms,
    /// Voice call to `phoneNumber` (`phoneExtension` optional).
    #[serde(rename = "call")]
    Call,
    /// Email to `email`.
    #[serde(rename = "email")]
    Email,
    /// Authenticator app (Okta Verify or Google Authenticator): the output carries the shared secret.
    #[serde(rename = "token:software:totp")]
    Totp,
}

impl FactorType {
    fn name(self) -> &'static str {
        match self {
            FactorType::Question => "question",
            FactorType::Sms => "sms",
            FactorType::Call => "call",
            FactorType::Email => "email",
            FactorType::Totp => "token:software:totp",
        }
    }
}

/// Who issues the factor: Okta, or Google Authenticator for TOTP.
#[derive(Deserialize, JsonSchema, Clone, Copy, PartialEq, Eq, Debug, Default)]
#[serde(rename_all = "UPPERCASE")]
pub enum Provider {
    #[default]
    Okta,
    Google,
}

/// Which factor to enroll for whom; each type takes only its own fields.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(example = serde_json::json!({"userId": "ada.lovelace@example.com", "factorType": "question", "question": "favorite_art_piece", "answer": "Mona Lisa"}))]
pub struct EnrollFactorInput {
    /// The user's id (`00u…`), login, or unambiguous login short name.
    #[schemars(length(min = 1))]
    pub user_id: String,
    pub factor_type: FactorType,
    /// `GOOGLE` only for `token:software:totp` (Google Authenticator); default `OKTA`.
    #[serde(default)]
    pub provider: Provider,
    /// `sms` and `call`: the phone number in E.164 form, e.g. `+1-555-415-1337`.
    #[serde(default)]
    pub phone_number: Option<String>,
    /// `call`: the extension to dial.
    #[serde(default)]
    pub phone_extension: Option<String>,
    /// `sms`: replace the phone number of a pending enrollment (Okta ignores it once the phone is verified).
    #[serde(default)]
    pub update_phone: bool,
    /// `email`: the address the passcodes go to.
    #[serde(default)]
    pub email: Option<String>,
    /// `question`: the question key, from List Security Questions (e.g. `disliked_food`).
    #[serde(default)]
    pub question: Option<String>,
    /// `question`: the answer, at least 4 characters. Sent to Okta only.
    #[serde(default)]
    pub answer: Option<Secret>,
    /// `sms`, `call`, `email`: activate at once instead of sending a passcode to confirm.
    #[serde(default)]
    pub activate: bool,
}

impl EnrollFactorInput {
    /// The one field that does not belong to the chosen factor type, if any.
    fn foreign_field(&self) -> Option<&'static str> {
        use FactorType::*;
        let t = self.factor_type;
        let given = [
            ("provider", self.provider != Provider::Okta, t == Totp),
            ("phoneNumber", self.phone_number.is_some(), matches!(t, Sms | Call)),
            ("phoneExtension", self.phone_extension.is_some(), t == Call),
            ("updatePhone", self.update_phone, t == Sms),
            ("email", self.email.is_some(), t == Email),
            ("question", self.question.is_some(), t == Question),
            ("answer", self.answer.is_some(), t == Question),
            ("activate", self.activate, matches!(t, Sms | Call | Email)),
        ];
        given.into_iter().find(|(_, present, allowed)| *present && !allowed).map(|(field, ..)| field)
    }

    /// Okta's enrollment body.
    fn body(&self) -> Value {
        let text = |v: &Option<String>| v.as_deref().map(str::trim).map(str::to_string);
        let profile = match self.factor_type {
            FactorType::Question => json!({"question": text(&self.question), "answer": self.answer.as_ref().map(|a| a.expose().trim())}),
            FactorType::Sms => json!({"phoneNumber": text(&self.phone_number)}),
            FactorType::Call => match text(&self.phone_extension) {
                Some(ext) => json!({"phoneNumber": text(&self.phone_number), "phoneExtension": ext}),
                None => json!({"phoneNumber": text(&self.phone_number)}),
            },
            FactorType::Email => json!({"email": text(&self.email)}),
            FactorType::Totp => return json!({"factorType": "token:software:totp", "provider": provider_name(self.provider)}),
        };
        json!({"factorType": self.factor_type.name(), "provider": "OKTA", "profile": profile})
    }
}

fn provider_name(p: Provider) -> &'static str {
    match p {
        Provider::Okta => "OKTA",
        Provider::Google => "GOOGLE",
    }
}

/// What setting up an authenticator app needs.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TotpActivation {
    /// The base32 secret to enter into the app.
    pub shared_secret: String,
    /// The same secret as an `otpauth://totp/…` URI (what the QR code encodes).
    pub otpauth_uri: String,
    /// Seconds per code (30).
    pub time_step: u32,
    /// Digits per code (6).
    pub key_length: u32,
    /// Okta's QR code image of the URI.
    pub qr_code_url: Option<String>,
}

/// The enrolled factor and what the person needs to finish setting it up.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct EnrollFactorOutput {
    pub factor_id: String,
    pub factor_type: String,
    /// `ACTIVE`, or `PENDING_ACTIVATION` until Activate User Factor gets the passcode.
    pub status: String,
    /// Where a passcode completes the enrollment, while it is pending.
    pub activate_url: Option<String>,
    /// `token:software:totp`: the secret for the authenticator app.
    pub activation: Option<TotpActivation>,
    /// The factor as Okta returned it.
    #[schemars(with = "Factor")]
    pub factor: Value,
}

pub struct EnrollUserFactor;

impl Action for EnrollUserFactor {
    const KEY: &'static str = "enroll-user-factor";
    const LABEL: &'static str = "Enroll User Factor";
    const DESCRIPTION: &'static str = "Enrolls a security question, SMS, voice call, email or authenticator-app (TOTP) factor for a user. SMS, call and email factors get a passcode to confirm with Activate User Factor unless `activate` is set; a TOTP factor is pending until a code from the app activates it, and the output carries its shared secret and otpauth URI.";
    const ALIASES: &'static [&'static str] = &["Enroll Factor", "Enroll a factor"];
    const FLAGS: Flags = CREATE;
    type Input = EnrollFactorInput;
    type Output = EnrollFactorOutput;

    fn validate(input: &EnrollFactorInput) -> Result<()> {
        non_empty("userId", &input.user_id)?;
        if let Some(field) = input.foreign_field() {
            return Err(Error::invalid(field, format!("does not apply to a `{}` factor", input.factor_type.name())));
        }
        let required = |field: &str, value: Option<&str>| match value.map(str::trim) {
            Some(v) if !v.is_empty() => Ok(v.to_string()),
            _ => Err(Error::invalid(field, format!("is required for a `{}` factor", input.factor_type.name()))),
        };
        match input.factor_type {
            FactorType::Question => {
                required("question", input.question.as_deref())?;
                let answer = required("answer", input.answer.as_ref().map(Secret::expose))?;
                if answer.chars().count() < 4 {
                    return Err(Error::invalid("answer", "must be at least 4 characters"));
                }
            }
            FactorType::Sms | FactorType::Call => {
                let phone = required("phoneNumber", input.phone_number.as_deref())?;
                let digits = phone.bytes().filter(u8::is_ascii_digit).count();
                if !phone.starts_with('+') || !(8..=15).contains(&digits) || !phone[1..].bytes().all(|b| b.is_ascii_digit() || b == b'-' || b == b' ') {
                    return Err(Error::invalid("phoneNumber", "must be in E.164 form: `+`, the country code and the number, e.g. `+1-555-415-1337`"));
                }
                if input.phone_extension.as_deref().is_some_and(|e| e.trim().is_empty() || !e.trim().bytes().all(|b| b.is_ascii_digit())) {
                    return Err(Error::invalid("phoneExtension", "must be digits"));
                }
            }
            FactorType::Email => {
                let email = required("email", input.email.as_deref())?;
                if !email.split_once('@').is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.')) {
                    return Err(Error::invalid("email", "must be an email address"));
                }
            }
            FactorType::Totp => {}
        }
        Ok(())
    }

    fn run(okta: &Okta, input: EnrollFactorInput) -> Result<EnrollFactorOutput> {
        let mut query = Query::new();
        if input.activate {
            query.push(("activate".into(), "true".into()));
        }
        if input.update_phone {
            query.push(("updatePhone".into(), "true".into()));
        }
        let factor = factors::enroll(okta, input.user_id.trim(), &input.body(), &query)?;
        let text = |pointer: &str| factor.pointer(pointer).and_then(Value::as_str).map(str::to_string);
        let activation = factor.pointer("/_embedded/activation").and_then(|a| {
            let secret = a["sharedSecret"].as_str()?.to_string();
            let (time_step, key_length) = (a["timeStep"].as_u64().unwrap_or(30) as u32, a["keyLength"].as_u64().unwrap_or(6) as u32);
            let issuer = okta.org().as_str().split("://").nth(1).unwrap_or_default().to_string();
            let account = text("/profile/credentialId").unwrap_or_else(|| input.user_id.trim().to_string());
            let otpauth_uri = format!(
                "otpauth://totp/{}:{}?secret={secret}&issuer={}&algorithm=SHA1&digits={key_length}&period={time_step}",
                percent_encode(&issuer), percent_encode(&account), percent_encode(&issuer)
            );
            let qr_code_url = a.pointer("/_links/qrcode/href").or(factor.pointer("/_embedded/_links/qrcode/href")).and_then(Value::as_str).map(str::to_string);
            Some(TotpActivation { shared_secret: secret, otpauth_uri, time_step, key_length, qr_code_url })
        });
        Ok(EnrollFactorOutput {
            factor_id: text("/id").unwrap_or_default(),
            factor_type: text("/factorType").unwrap_or_default(),
            status: text("/status").unwrap_or_default(),
            activate_url: text("/_links/activate/href"),
            activation,
            factor,
        })
    }
}

/// Which factor of which user.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FactorRef {
    /// The user's id (`00u…`), login, or unambiguous login short name.
    #[schemars(length(min = 1))]
    pub user_id: String,
    /// The factor's id, from List User Factors or Enroll User Factor.
    #[schemars(length(min = 1))]
    pub factor_id: String,
}

fn check_ref(user_id: &str, factor_id: &str) -> Result<()> {
    non_empty("userId", user_id)?;
    non_empty("factorId", factor_id)
}

pub struct GetUserFactor;

impl Action for GetUserFactor {
    const KEY: &'static str = "get-user-factor";
    const LABEL: &'static str = "Get User Factor";
    const DESCRIPTION: &'static str = "Reads one enrolled factor of a user, with its status.";
    const ALIASES: &'static [&'static str] = &["Get Factor", "Retrieve a factor"];
    const FLAGS: Flags = READ;
    type Input = FactorRef;
    /// Passed through as Okta sent it.
    type Output = Raw<Factor>;

    fn validate(input: &FactorRef) -> Result<()> {
        check_ref(&input.user_id, &input.factor_id)
    }

    fn run(okta: &Okta, input: FactorRef) -> Result<Raw<Factor>> {
        factors::get(okta, input.user_id.trim(), input.factor_id.trim())
    }
}

/// A pending factor and the passcode that completes its enrollment.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ActivateFactorInput {
    /// The user's id (`00u…`), login, or unambiguous login short name.
    #[schemars(length(min = 1))]
    pub user_id: String,
    /// The pending factor's id, from Enroll User Factor.
    #[schemars(length(min = 1))]
    pub factor_id: String,
    /// The code from the authenticator app, or the one sent by SMS, call or email.
    pub pass_code: Secret,
}

pub struct ActivateUserFactor;

impl Action for ActivateUserFactor {
    const KEY: &'static str = "activate-user-factor";
    const LABEL: &'static str = "Activate User Factor";
    const DESCRIPTION: &'static str = "Completes a pending SMS, call, email or TOTP enrollment with its passcode; the factor becomes ACTIVE. A wrong passcode is Okta's 403 `E0000068`.";
    const ALIASES: &'static [&'static str] = &["Activate Factor", "Activate a factor"];
    const FLAGS: Flags = TRANSITION;
    type Input = ActivateFactorInput;
    /// The now ACTIVE factor, as Okta sent it.
    type Output = Raw<Factor>;

    fn validate(input: &ActivateFactorInput) -> Result<()> {
        check_ref(&input.user_id, &input.factor_id)?;
        non_empty("passCode", input.pass_code.expose())
    }

    fn run(okta: &Okta, input: ActivateFactorInput) -> Result<Raw<Factor>> {
        let body = json!({"passCode": input.pass_code.expose().trim()});
        factors::activate(okta, input.user_id.trim(), input.factor_id.trim(), &body)
    }
}

/// A factor to verify, with the passcode or answer (none: send an SMS, call or email challenge).
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VerifyFactorInput {
    /// The user's id (`00u…`), login, or unambiguous login short name.
    #[schemars(length(min = 1))]
    pub user_id: String,
    /// The active factor's id.
    #[schemars(length(min = 1))]
    pub factor_id: String,
    /// The code from the app or the challenge; leave out for SMS, call and email to send one first.
    #[serde(default)]
    pub pass_code: Option<Secret>,
    /// The answer of a `question` factor.
    #[serde(default)]
    pub answer: Option<Secret>,
}

/// Okta's verdict.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct VerifyFactorOutput {
    pub user_id: String,
    pub factor_id: String,
    /// `SUCCESS`; `CHALLENGE` (a passcode was sent: verify again with it); `WAITING` (push: poll);
    /// or `REJECTED`, `TIMEOUT`, `EXPIRED`, `FAILED`, `PASSCODE_REPLAYED`, `TIME_WINDOW_EXCEEDED`, `ERROR`.
    pub factor_result: String,
    /// `factorResult` is `SUCCESS`.
    pub verified: bool,
    pub factor_message: Option<String>,
    /// When a challenge or push expires.
    pub expires_at: Option<String>,
    /// Where the challenge went (e.g. the phone number).
    pub profile: Option<Value>,
    /// Push: the transaction to poll for the result.
    pub poll_url: Option<String>,
}

pub struct VerifyUserFactor;

impl Action for VerifyUserFactor {
    const KEY: &'static str = "verify-user-factor";
    const LABEL: &'static str = "Verify User Factor";
    const DESCRIPTION: &'static str = "Verifies an active factor with its passcode or answer. For SMS, call and email, a call without `passCode` sends the challenge (`factorResult: CHALLENGE`); call again with the code. A wrong passcode or answer is Okta's 403 `E0000068`.";
    const ALIASES: &'static [&'static str] = &["Verify Factor", "Verify a factor"];
    const FLAGS: Flags = TRANSITION;
    type Input = VerifyFactorInput;
    type Output = VerifyFactorOutput;

    fn validate(input: &VerifyFactorInput) -> Result<()> {
        check_ref(&input.user_id, &input.factor_id)?;
        match (&input.pass_code, &input.answer) {
            (Some(_), Some(_)) => Err(Error::invalid("answer", "give `passCode` or `answer`, not both")),
            (Some(p), None) => non_empty("passCode", p.expose()),
            (None, Some(a)) => non_empty("answer", a.expose()),
            (None, None) => Ok(()),
        }
    }

    fn run(okta: &Okta, input: VerifyFactorInput) -> Result<VerifyFactorOutput> {
        let (user_id, factor_id) = (input.user_id.trim().to_string(), input.factor_id.trim().to_string());
        let body = match (&input.pass_code, &input.answer) {
            (Some(p), _) => Some(json!({"passCode": p.expose().trim()})),
            (_, Some(a)) => Some(json!({"answer": a.expose()})),
            _ => None,
        };
        let v = factors::verify(okta, &user_id, &factor_id, body.as_ref())?;
        let poll_url = v.links.as_ref().and_then(|l| l.pointer("/poll/href")).and_then(Value::as_str).map(str::to_string);
        Ok(VerifyFactorOutput {
            verified: v.factor_result == "SUCCESS",
            user_id,
            factor_id,
            factor_result: v.factor_result,
            factor_message: v.factor_message,
            expires_at: v.expires_at,
            profile: v.profile,
            poll_url,
        })
    }
}

pub struct ListUserFactors;

#[derive(Serialize, JsonSchema)]
pub struct FactorsOutput {
    #[schemars(with = "Vec<Factor>")]
    pub factors: Vec<RawItem>,
}

impl Action for ListUserFactors {
    const KEY: &'static str = "list-user-factors";
    const LABEL: &'static str = "List User Factors";
    const DESCRIPTION: &'static str = "Lists the MFA factors a user has enrolled (those of the highest-priority enrollment policy that applies).";
    const FLAGS: Flags = READ;
    type Input = UserRef;
    type Output = FactorsOutput;

    fn validate(input: &UserRef) -> Result<()> {
        non_empty("userId", &input.user_id)
    }

    fn run(okta: &Okta, input: UserRef) -> Result<FactorsOutput> {
        Ok(FactorsOutput { factors: factors::list(okta, input.user_id.trim())? })
    }
}

pub struct UnenrollUserFactor;

/// Which factor of which user to remove.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UnenrollUserFactorInput {
    /// The user's id (`00u…`), login, or unambiguous login short name.
    #[schemars(length(min = 1))]
    pub user_id: String,
    /// The factor's id, from List User Factors.
    #[schemars(length(min = 1))]
    pub factor_id: String,
    /// For `sms` and `call` factors: also remove the phone as a recovery method.
    #[serde(default)]
    pub remove_recovery_enrollment: bool,
}

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UnenrollUserFactorOutput {
    pub user_id: String,
    pub factor_id: String,
    pub unenrolled: bool,
}

impl Action for UnenrollUserFactor {
    const KEY: &'static str = "unenroll-user-factor";
    const LABEL: &'static str = "Unenroll User Factor";
    const DESCRIPTION: &'static str = "Removes one enrolled MFA factor of a user; Okta refuses it for deactivated users.";
    const ALIASES: &'static [&'static str] = &["Reset Factor"];
    const FLAGS: Flags = DISABLE;
    type Input = UnenrollUserFactorInput;
    type Output = UnenrollUserFactorOutput;

    fn validate(input: &UnenrollUserFactorInput) -> Result<()> {
        check_ref(&input.user_id, &input.factor_id)
    }

    fn run(okta: &Okta, input: UnenrollUserFactorInput) -> Result<UnenrollUserFactorOutput> {
        let (user_id, factor_id) = (input.user_id.trim().to_string(), input.factor_id.trim().to_string());
        factors::unenroll(okta, &user_id, &factor_id, input.remove_recovery_enrollment)?;
        Ok(UnenrollUserFactorOutput { user_id, factor_id, unenrolled: true })
    }
}
