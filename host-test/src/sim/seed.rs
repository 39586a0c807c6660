//! Deterministic org generation from `SimConfig::seed`: realistic profiles,
//! mixed statuses, timestamps spread over the two years before start-up.

use super::auth::{Auth, Principal};
use super::clock::Millis;
use super::org::Org;
use super::rng::Rng;
use super::directory::Realm;
use super::policies::Policy;
use super::factors::Factor;
use super::hooks::Delivery;
use super::meta::UserType;
use super::apps::model::{App, AppUser};
use super::groups::model::{Group, Groups, Kind};
use super::users::model::{Password, Status, User, Users};
use super::SimConfig;
use serde_json::{json, Map};
use std::collections::BTreeMap;
use tokio::sync::mpsc::UnboundedSender;

/// Password of every seeded user that has one.
pub const SEEDED_PASSWORD: &str = "Sim-Passw0rd!";

const FIRST: &[&str] = &[
    "Ada", "Alan", "Grace", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Frances", "Edsger", "Radia", "Donald",
    "Hedy", "Tim", "Katherine", "John", "Sophie", "Niklaus", "Annie", "Guido", "Karen", "Bjarne", "Jean", "Claude",
    "Mary", "Vint", "Shafi", "Leslie", "Joan", "Robert", "Lynn", "Adele", "Ivan", "Carol", "Peter", "Elena",
];
const LAST: &[&str] = &[
    "Lovelace", "Turing", "Hopper", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson", "Allen", "Dijkstra",
    "Perlman", "Knuth", "Lamarr", "Lee", "Johnson", "Backus", "Wilson", "Wirth", "Easley", "Rossum", "Jones",
    "Stroustrup", "Bartik", "Shannon", "Keller", "Cerf", "Goldwasser", "Lamport", "Clarke", "Kahn", "Conway",
    "Goldberg", "Sutherland", "Shaw", "Naur", "Ochoa",
];
const DEPARTMENTS: &[&str] = &["Engineering", "Sales", "Marketing", "Finance", "Support", "Legal", "People"];
const TITLES: &[&str] = &["Engineer", "Manager", "Analyst", "Director", "Specialist", "Associate"];
/// Mostly ACTIVE, like a real org.
const STATUS_WEIGHTS: &[(Status, u64)] = &[
    (Status::Active, 80),
    (Status::Staged, 4),
    (Status::Provisioned, 4),
    (Status::Suspended, 3),
    (Status::Deprovisioned, 4),
    (Status::LockedOut, 2),
    (Status::PasswordExpired, 3),
];

const YEAR_MS: Millis = 365 * 86_400_000;

pub(crate) fn org(config: &SimConfig, now: Millis, deliveries: UnboundedSender<Delivery>) -> (Org, Auth) {
    let mut rng = Rng::new(config.seed);
    let auth = Auth {
        api_token: format!("00{}", rng.alphanumeric(40)),
        admin: Principal { id: rng.id("00u"), login: "admin@example.com".into(), display_name: "Sim Admin".into() },
    };
    let default_type_id = rng.id("oty");
    let mut users = Users::default();
    for i in 0..config.users {
        users.insert(user(&mut rng, i, now, &default_type_id));
    }
    let groups = groups(&mut rng, &users, now);
    let mut apps = apps(&mut rng, &users, now);
    let user_types = vec![UserType {
        id: default_type_id.clone(),
        schema_id: super::meta::schema_id_for(&default_type_id),
        name: "user".into(),
        display_name: "User".into(),
        description: "Okta user profile template with default permission settings".into(),
        default: true,
        created: now - 2 * YEAR_MS,
        last_updated: now - 2 * YEAR_MS,
        custom: Map::new(),
    }];
    let realms = realms(&mut rng, now);
    let policies = policies(&mut rng, now);
    for app in apps.values_mut() {
        app.policies = super::policies::app_policies(&policies);
    }
    let factors = factors(&mut rng, &users, now);
    // Last, so every other seeded id stays as it was.
    let source = rng.id("0oa");
    let identity_sources = BTreeMap::from([(source, Default::default())]);
    let org = Org { rng, users, groups, apps, realms, policies, factors, default_type_id, user_types, group_custom_attributes: Map::new(), activation_delay: 0, log: Default::default(), hooks: Default::default(), group_rules: Default::default(), group_owners: Default::default(), linked_objects: Default::default(), roles: Default::default(), identity_sources, deliveries };
    (org, auth)
}

/// `Everyone` (BUILT_IN, every user) and one OKTA_GROUP per department.
fn groups(rng: &mut Rng, users: &Users, now: Millis) -> Groups {
    let created = now - 2 * YEAR_MS;
    let mut make = |kind, name: &str, description: &str, members| Group {
        id: rng.id("00g"),
        kind,
        created,
        last_updated: created,
        last_membership_updated: now,
        profile: json!({"name": name, "description": description}).as_object().cloned().unwrap_or_default(),
        members,
    };
    let mut groups = Groups::default();
    groups.insert(make(Kind::BuiltIn, "Everyone", "All users in your organization", users.iter().map(|u| u.id.clone()).collect()));
    for dept in DEPARTMENTS {
        let members = users.iter().filter(|u| u.profile.get("department").and_then(|d| d.as_str()) == Some(dept));
        groups.insert(make(Kind::Okta, dept, &format!("{dept} department"), members.map(|u| u.id.clone()).collect()));
    }
    groups
}

/// A few typical apps; active users are assigned to the two active SSO apps
/// (Engineering to the portal, every other active user to Workday).
fn apps(rng: &mut Rng, users: &Users, now: Millis) -> BTreeMap<String, App> {
    let specs: [(&str, &str, &'static str, bool, Vec<&'static str>); 4] = [
        ("oidc_client", "Internal Portal", "OPENID_CONNECT", true, vec![]),
        ("workday", "Workday", "SAML_2_0", true, vec!["PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "IMPORT_NEW_USERS"]),
        ("bookmark", "Team Wiki", "BOOKMARK", true, vec![]),
        ("slack", "Slack", "SAML_2_0", false, vec!["PUSH_NEW_USERS"]),
    ];
    let created = now - YEAR_MS;
    let mut apps = BTreeMap::new();
    for (i, (name, label, mode, active, features)) in specs.into_iter().enumerate() {
        let assigned = users.iter().enumerate().filter(|(n, u)| {
            let engineer = u.profile.get("department").and_then(|d| d.as_str()) == Some("Engineering");
            u.status == Status::Active && ((i == 0 && engineer) || (i == 1 && n % 2 == 0))
        });
        let users = assigned
            .map(|(_, u)| {
                let p = |k: &str| u.profile.get(k).cloned().unwrap_or_default();
                let profile = json!({"email": p("email"), "given_name": p("firstName"), "family_name": p("lastName"), "name": u.display_name()});
                let a = AppUser { user_id: u.id.clone(), created, last_updated: created, user_name: u.login().to_string(), has_password: false, profile: profile.as_object().cloned().unwrap_or_default() };
                (u.id.clone(), a)
            })
            .collect();
        let app = App { id: rng.id("0oa"), name: name.into(), label: label.into(), active, sign_on_mode: mode, features, created, last_updated: created, users, schema_custom: Map::new(), settings: json!({"app": {}}), groups: BTreeMap::new(), policies: Default::default() };
        apps.insert(app.id.clone(), app);
    }
    apps
}

fn realms(rng: &mut Rng, now: Millis) -> Vec<Realm> {
    let created = now - YEAR_MS;
    [("Default", true, vec![]), ("Car Co", false, vec!["carco.example"]), ("Partner Portal", false, vec!["partners.example"])]
        .into_iter()
        .map(|(name, default, domains)| Realm { id: rng.id("guo"), name: name.into(), default, domains: domains.into_iter().map(String::from).collect(), created })
        .collect()
}

/// One system "Default Policy" per common type (the default is always the last by priority), plus an
/// inactive sign-on policy ahead of it.
fn policies(rng: &mut Rng, now: Millis) -> Vec<Policy> {
    let created = now - 2 * YEAR_MS;
    let mut policies: Vec<Policy> = ["OKTA_SIGN_ON", "PASSWORD", "MFA_ENROLL", "ACCESS_POLICY", "PROFILE_ENROLLMENT"]
        .into_iter()
        // ACCESS_POLICY ids start with `rst` on real orgs.
        .map(|kind| {
            let priority = if kind == "OKTA_SIGN_ON" { 2 } else { 1 };
            Policy::seeded(rng.id(if kind == "ACCESS_POLICY" { "rst" } else { "00p" }), kind, "Default Policy", true, priority, true, created)
        })
        .collect();
    policies.push(Policy::seeded(rng.id("00p"), "OKTA_SIGN_ON", "Contractors", false, 1, false, created));
    policies
}

/// Credentialed users get an email factor; every third also a TOTP factor.
fn factors(rng: &mut Rng, users: &Users, now: Millis) -> BTreeMap<String, Vec<Factor>> {
    let credentialed = users.iter().filter(|u| u.password.is_some());
    credentialed
        .enumerate()
        .map(|(i, u)| {
            let created = u.activated.unwrap_or(now);
            let mut list = vec![Factor::active(rng.id("emf"), "email", "OKTA", created, json!({"email": u.login()}), None)];
            if i % 3 == 0 {
                let secret: Vec<u8> = (0..10).map(|_| rng.below(256) as u8).collect();
                list.push(Factor::active(rng.id("ost"), "token:software:totp", "GOOGLE", created, json!({"credentialId": u.login()}), Some(data_encoding::BASE32_NOPAD.encode(&secret))));
            }
            (u.id.clone(), list)
        })
        .collect()
}

fn user(rng: &mut Rng, i: usize, now: Millis, type_id: &str) -> User {
    let (first, last) = (*rng.pick(FIRST), *rng.pick(LAST));
    let login = format!("{}.{}.{i}@example.com", first.to_lowercase(), last.to_lowercase());
    let mut roll = rng.below(100);
    let status = STATUS_WEIGHTS
        .iter()
        .find(|(_, w)| {
            let hit = roll < *w;
            roll = roll.saturating_sub(*w);
            hit
        })
        .map_or(Status::Active, |(s, _)| *s);
    let created = now - 2 * YEAR_MS + rng.below(YEAR_MS as u64) as Millis;
    let last_updated = created + rng.below((now - created) as u64) as Millis;
    let activated = (status != Status::Staged).then(|| created + 60_000);
    let has_password = !matches!(status, Status::Staged | Status::Provisioned);
    let profile = json!({
        "login": login,
        "email": login,
        "firstName": first,
        "lastName": last,
        "mobilePhone": format!("+1-555-{:03}-{:04}", rng.below(1000), rng.below(10_000)),
        "department": rng.pick(DEPARTMENTS),
        "title": rng.pick(TITLES),
        "employeeNumber": format!("{:06}", i + 1),
    });
    User {
        id: rng.id("00u"),
        status,
        created,
        activated,
        status_changed: Some(last_updated),
        last_login: (status == Status::Active).then_some(last_updated),
        last_updated,
        password_changed: has_password.then_some(created + 60_000),
        profile: profile.as_object().cloned().unwrap_or_default(),
        password: has_password.then(|| Password::Plain(SEEDED_PASSWORD.into())),
        recovery: None,
        provider: ("OKTA".into(), "OKTA".into()),
        type_id: type_id.to_string(),
        realm_id: None,
        transition: None,
    }
}
