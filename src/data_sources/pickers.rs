//! Pickers: the org's objects as `{label, key}` options, narrowed by `search` and paged by `cursor`.
//! One table, one handler: a row says where the objects come from and how one becomes an option.

use super::{Need, Source};
use crate::error::{Error, Result};
use crate::http::{Listing, Okta, Query};
use crate::okta::{apps, event_hooks, factors, groups, meta, policies, realms, users};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// Options per answer unless the caller says otherwise.
const DEFAULT_LIMIT: u32 = 50;

/// What a picker is asked; each picker accepts only the parent fields its description lists.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PickerInput {
    /// Text that narrows the options (what Okta's search for the object offers, or a case-insensitive match on the label).
    #[serde(default)]
    pub search: Option<String>,
    /// Where to resume: the `nextCursor` of the previous answer.
    #[serde(default)]
    pub cursor: Option<String>,
    /// Options per answer (1–200, default 50).
    #[serde(default)]
    #[schemars(range(min = 1, max = 200))]
    pub limit: Option<u32>,
    /// The user (id or login) whose factors or groups to list.
    #[serde(default)]
    pub user_id: Option<String>,
    /// The app whose assigned users to list.
    #[serde(default)]
    pub app_id: Option<String>,
    /// The policy type to list; every type, in turn, when absent.
    #[serde(default, rename = "type")]
    #[schemars(extend("enum" = crate::okta::policies::POLICY_TYPES))]
    pub policy_type: Option<String>,
}

/// Fields of [`PickerInput`] that name a parent object; a picker accepts those its row lists.
#[cfg(not(target_arch = "wasm32"))]
pub const PARENTS: &[&str] = &["userId", "appId", "type"];
/// Fields of [`PickerInput`] every picker accepts.
pub const COMMON: &[&str] = &["search", "cursor", "limit"];

/// One answer of a picker.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Options {
    /// In Okta's order.
    pub options: Vec<Choice>,
    /// Pass as `cursor` for the next options; absent when there are no more.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// One option of a dropdown.
#[derive(Serialize, JsonSchema)]
pub struct Choice {
    /// What people see.
    pub label: String,
    /// What goes into the field: the object's id (the event type itself for event types).
    pub key: String,
}

/// Where a picker's objects come from.
enum Fetch {
    /// Okta searches and pages: one answer is one page of Okta's (`limit`, `after` are set by the handler).
    Paged(fn(&Okta, &PickerInput, Query) -> Result<Listing<Value>>),
    /// Okta answers the whole, small list at once: searched and paged here.
    Whole(fn(&Okta, &PickerInput) -> Result<Vec<Value>>),
}

pub struct Picker {
    pub source: Source,
    fetch: Fetch,
    /// An Okta object as an option; `None` skips objects without an id.
    choice: fn(&Value) -> Option<Choice>,
}

/// Every picker, in catalogue order.
pub const PICKERS: &[Picker] = &[
    Picker {
        source: Source::options("users", "Users", "Users of the org by name (`First Last (login)`); `search` matches the start of a first name, last name, email or login.", &[]),
        fetch: Fetch::Paged(|okta, input, mut q| {
            if let Some(s) = input.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                q.push(("search".into(), user_search(s)));
            }
            users::list(okta, &q, 1).map(|l| Listing { items: l.items.into_iter().filter_map(|u| serde_json::to_value(u).ok()).collect(), next_cursor: l.next_cursor, pages: l.pages })
        }),
        choice: |u| {
            let p = &u["profile"];
            let name = format!("{} {}", text(&p["firstName"]), text(&p["lastName"]));
            choice(u, format!("{} ({})", name.trim(), text(&p["login"])))
        },
    },
    Picker {
        source: Source::options("groups", "Groups", "Groups of the org by name; `search` matches within the name.", &[]),
        fetch: Fetch::Paged(|okta, input, mut q| {
            search_expr(&mut q, input, |s| format!("profile.name co \"{s}\""));
            groups::list(okta, &q, 1)
        }),
        choice: |g| choice(g, text(&g["profile"]["name"])),
    },
    Picker {
        source: Source::options("applications", "Applications", "Applications of the org (active and inactive) by label; `search` matches the start of the label or app name. No cap: every app is reachable by paging or search.", &["Application"]),
        fetch: Fetch::Paged(|okta, input, mut q| {
            q.push(("includeNonDeleted".into(), "true".into()));
            plain_search(&mut q, input, "q");
            apps::list(okta, &q, 1)
        }),
        choice: |a| choice(a, text(&a["label"])),
    },
    Picker {
        source: Source::options("user-types", "User Types", "The org's user types by display name.", &[]),
        fetch: Fetch::Whole(|okta, _| Ok(meta::user_types(okta)?.into_iter().map(|t| json!({"id": t.id, "displayName": t.display_name, "name": t.name})).collect())),
        choice: |t| choice(t, text(&t["displayName"])),
    },
    Picker {
        source: Source::options("realms", "Realms", "The org's realms by name; `search` matches within the name.", &[]),
        fetch: Fetch::Paged(|okta, input, mut q| {
            search_expr(&mut q, input, |s| format!("profile.name co \"{s}\""));
            realms::list(okta, &q, 1)
        }),
        choice: |r| choice(r, text(&r["profile"]["name"])),
    },
    Picker {
        source: Source::options_of("policies", "Policies", "Policies of one type (`type`), or of every type in turn, as `name (TYPE)`; `search` matches the start of the name.", &[], &[Need::Optional("type")]),
        fetch: Fetch::Paged(list_policies),
        choice: |p| choice(p, format!("{} ({})", text(&p["name"]), text(&p["type"]))),
    },
    Picker {
        source: Source::options_of("user-factors", "User Factors", "The factors a user (`userId`) has enrolled, as `factorType (provider)`.", &[], &[Need::Required("userId")]),
        fetch: Fetch::Whole(|okta, input| factors::list(okta, parent(&input.user_id))),
        choice: |f| choice(f, format!("{} ({})", text(&f["factorType"]), text(&f["provider"]))),
    },
    Picker {
        source: Source::options_of("user-groups", "User Groups", "The groups a user (`userId`) is a member of, by name.", &[], &[Need::Required("userId")]),
        fetch: Fetch::Whole(|okta, input| Ok(groups::of_user(okta, parent(&input.user_id), 100)?.items)),
        choice: |g| choice(g, text(&g["profile"]["name"])),
    },
    Picker {
        source: Source::options_of("app-users", "Application Users", "The users assigned to an app (`appId`), by their username in the app; `search` matches the start of the username, name or email.", &[], &[Need::Required("appId")]),
        fetch: Fetch::Paged(|okta, input, mut q| {
            plain_search(&mut q, input, "q");
            apps::users(okta, parent(&input.app_id), &q, 1)
        }),
        choice: |a| choice(a, text(&a["credentials"]["userName"])),
    },
    Picker {
        source: Source::options("event-types", "Event Types", "Event types an event hook can subscribe to (Okta's event-hook-eligible catalogue), for the Custom Webhook trigger and the event hook actions.", &[]),
        fetch: Fetch::Whole(|_, _| Ok(event_hooks::EVENT_TYPES.iter().filter(|t| t.hook_eligible).map(|t| json!({"id": t.name, "label": t.description})).collect())),
        choice: |e| choice(e, format!("{} ({})", text(&e["label"]), text(&e["id"]))),
    },
    Picker {
        source: Source::options("event-hooks", "Event Hooks", "The org's event hooks by name.", &[]),
        fetch: Fetch::Whole(|okta, _| Ok(event_hooks::list(okta)?.into_iter().map(|h| json!({"id": h.id, "name": h.name})).collect())),
        choice: |h| choice(h, text(&h["name"])),
    },
];

/// The one handler of every picker.
pub fn run(okta: &Okta, picker: &Picker, input: PickerInput) -> Result<Options> {
    let limit = input.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=200).contains(&limit) {
        return Err(Error::invalid("limit", "must be between 1 and 200"));
    }
    let (items, next_cursor) = match picker.fetch {
        Fetch::Paged(list) => {
            let mut q: Query = vec![("limit".into(), limit.to_string())];
            if let Some(after) = &input.cursor {
                q.push(("after".into(), after.clone()));
            }
            let listing = list(okta, &input, q)?;
            (listing.items, listing.next_cursor)
        }
        Fetch::Whole(all) => {
            let start = match &input.cursor {
                None => 0,
                Some(c) => c.parse::<usize>().map_err(|_| Error::invalid("cursor", "not a cursor this data source returned"))?,
            };
            let needle = input.search.as_deref().map(str::trim).unwrap_or("").to_lowercase();
            let hits: Vec<Value> = all(okta, &input)?
                .into_iter()
                .filter(|v| needle.is_empty() || (picker.choice)(v).is_some_and(|c| c.label.to_lowercase().contains(&needle)))
                .collect();
            let end = (start + limit as usize).min(hits.len());
            let next = (end < hits.len()).then(|| end.to_string());
            (hits.into_iter().skip(start).take(limit as usize).collect(), next)
        }
    };
    Ok(Options { options: items.iter().filter_map(picker.choice).collect(), next_cursor })
}

/// Policies of the given type, or of every type in turn: then the cursor names the type to resume
/// and, after a space, Okta's cursor within it.
fn list_policies(okta: &Okta, input: &PickerInput, paging: Query) -> Result<Listing<Value>> {
    let with = |kind: &str, mut q: Query| {
        q.push(("type".into(), kind.to_string()));
        plain_search(&mut q, input, "q");
        q
    };
    if let Some(kind) = &input.policy_type {
        if !policies::POLICY_TYPES.contains(&kind.as_str()) {
            return Err(Error::invalid("type", "not an Okta policy type"));
        }
        return policies::list(okta, &with(kind, paging), 1);
    }
    let limit: usize = paging.iter().find(|(k, _)| k == "limit").and_then(|(_, v)| v.parse().ok()).unwrap_or(DEFAULT_LIMIT as usize);
    let (start, mut after) = match input.cursor.as_deref().map(|c| c.split_once(' ').map_or((c, None), |(k, a)| (k, Some(a.to_string())))) {
        Some((kind, after)) if policies::POLICY_TYPES.contains(&kind) => (kind, after),
        Some(_) => return Err(Error::invalid("cursor", "not a cursor this data source returned")),
        None => (policies::POLICY_TYPES[0], None),
    };
    let mut items = Vec::new();
    let mut kinds = policies::POLICY_TYPES.iter().skip_while(|k| **k != start).peekable();
    while let Some(kind) = kinds.next() {
        let mut q: Query = vec![("limit".into(), (limit - items.len()).to_string())];
        if let Some(a) = after.take() {
            q.push(("after".into(), a));
        }
        let listing = match policies::list(okta, &with(kind, q), 1) {
            Ok(listing) => listing,
            // A type the org is not licensed for answers an error; it simply has no policies to offer.
            Err(Error::OktaApi(_) | Error::Forbidden(_) | Error::Unauthenticated(_)) => continue,
            Err(e) => return Err(e),
        };
        items.extend(listing.items);
        let resume = match listing.next_cursor {
            Some(next) => Some(format!("{kind} {next}")),
            None => kinds.peek().map(|k| k.to_string()),
        };
        if items.len() >= limit || resume.as_deref().is_some_and(|r| r.contains(' ')) {
            return Ok(Listing { items, next_cursor: resume, pages: 1 });
        }
    }
    Ok(Listing { items, next_cursor: None, pages: 1 })
}

/// Okta's user search for a name or login: each attribute's start, or first and last name together.
fn user_search(s: &str) -> String {
    let quoted = quote(s);
    let mut terms: Vec<String> = ["firstName", "lastName", "email", "login"].iter().map(|a| format!("profile.{a} sw \"{quoted}\"")).collect();
    if let Some((first, last)) = s.split_once(' ') {
        terms.push(format!("(profile.firstName sw \"{}\" and profile.lastName sw \"{}\")", quote(first.trim()), quote(last.trim())));
    }
    terms.join(" or ")
}

/// Adds a `search` expression built from the caller's text, when there is any.
fn search_expr(q: &mut Query, input: &PickerInput, expr: fn(&str) -> String) {
    if let Some(s) = input.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        q.push(("search".into(), expr(&quote(s))));
    }
}

/// Adds the caller's text as the query parameter `name` (`q`), when there is any.
fn plain_search(q: &mut Query, input: &PickerInput, name: &str) {
    if let Some(s) = input.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        q.push((name.into(), s.to_string()));
    }
}

/// Escapes text for a double-quoted value of Okta's search grammar.
fn quote(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// A required parent field; presence is checked against the picker's input schema before this runs.
fn parent(field: &Option<String>) -> &str {
    field.as_deref().unwrap_or_default()
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

fn choice(object: &Value, label: impl Into<String>) -> Option<Choice> {
    let key = object["id"].as_str()?.to_string();
    let label = label.into();
    Some(Choice { label: if label.trim().is_empty() { key.clone() } else { label }, key })
}

#[cfg(test)]
mod tests {
    #[test]
    fn user_search_covers_names_and_login_and_quotes_the_text() {
        let s = super::user_search("Ada Lo\"ve");
        assert!(s.starts_with("profile.firstName sw \"Ada Lo\\\"ve\" or "), "{s}");
        assert!(s.ends_with("(profile.firstName sw \"Ada\" and profile.lastName sw \"Lo\\\"ve\")"), "{s}");
    }
}
