//! The reference pages in `docs/`, generated natively from the catalogue (`describe`'s JSON) beside
//! `manifest.json`: one page per connection type, action, trigger and data source, and an index by
//! resource. Deterministic: pages and fields come in catalogue order or sorted, with no timestamps.

use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::fmt::Write;

const HEADER: &str = "<!-- Generated from the catalogue by `UPDATE_MANIFEST=1 cargo test -p okta-connector --lib manifest`; do not edit. -->\n\n";

/// Scopes a trigger reads besides its events when its config sets `hydrate` (one GET each).
const HYDRATE: &[&str] = &["okta.users.read", "okta.groups.read", "okta.apps.read"];

/// Nesting shown in field tables; deeper fields are summarised by their type.
const MAX_DEPTH: usize = 3;

/// Every page, by its path under `docs/`.
pub fn pages(catalogue: &Value) -> BTreeMap<String, String> {
    let mut pages = BTreeMap::new();
    let list = |section: &str| list(&catalogue[section]);
    for c in list("connections") {
        pages.insert(format!("connections/{}.md", text(&c["key"])), connection(&c));
    }
    for a in list("actions") {
        pages.insert(format!("actions/{}.md", text(&a["key"])), action(a));
    }
    for t in list("triggers") {
        pages.insert(format!("triggers/{}.md", text(&t["key"])), trigger(t));
    }
    for d in list("dataSources") {
        pages.insert(format!("data-sources/{}.md", text(&d["key"])), data_source(d));
    }
    pages.insert("README.md".into(), index(catalogue, pages.len()));
    pages
}

fn connection(c: &Value) -> String {
    let schema = &c["schema"];
    let scopes = if schema["properties"].get("scopes").is_some() {
        "The `scopes` field: Okta grants the token only these, so list the scopes of every action, trigger and data source a flow uses (each page names them), plus `okta.users.read` for `test-connection`. Grant the same scopes on the app's *Okta API Scopes* tab."
    } else {
        "None: an API token acts with the rights of the admin who created it."
    };
    let rows = [("Key (`type`)", format!("`{}`", text(&c["key"]))), ("Okta scopes", scopes.to_string())];
    entry_page(c, text(&schema["description"]), &rows, &[("Fields", schema)], "Example connection")
}

fn action(a: &Value) -> String {
    let flags: Vec<&str> = [("readOnly", "read-only"), ("destructive", "destructive"), ("idempotent", "idempotent")]
        .iter()
        .filter(|(k, _)| a[*k] == true)
        .map(|(_, name)| *name)
        .collect();
    let flags = if flags.is_empty() { "none (changes Okta; running it twice does it twice)".to_string() } else { flags.join(", ") };
    let rows = [("Key", format!("`{}`", text(&a["key"]))), ("Also known as", aliases(a)), ("Flags", flags), ("Okta scopes", scopes(&a["scopes"], "whatever the endpoint it calls requires"))];
    entry_page(a, text(&a["description"]), &rows, &[("Input", &a["inputSchema"]), ("Output", &a["outputSchema"])], "Example input")
}

fn trigger(t: &Value) -> String {
    let kind = match text(&t["kind"]) {
        "webhook" => "webhook (`subscribe`, then `handle-webhook` for each request)",
        "polling" => "polling (`poll-trigger` with the cursor it returns)",
        _ => "webhook or polling",
    };
    let types: Vec<String> = list(&t["eventTypes"]).iter().map(|e| format!("`{}`", text(e))).collect();
    let types = if types.is_empty() { "chosen in the config, or every System Log event".to_string() } else { types.join(", ") };
    let mut scopes = scopes(&t["scopes"], "none");
    if t["configSchema"]["properties"].get("hydrate").is_some() {
        let _ = write!(scopes, "; with `hydrate` also {}", HYDRATE.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", "));
    }
    let rows = [("Key", format!("`{}`", text(&t["key"]))), ("Also known as", aliases(t)), ("Runs as", kind.to_string()), ("Event types", types), ("Okta scopes", scopes)];
    entry_page(t, text(&t["description"]), &rows, &[("Config", &t["configSchema"]), ("Event", &t["eventSchema"])], "Example config")
}

fn data_source(d: &Value) -> String {
    let kind = match text(&d["kind"]) {
        "schema" => "schema (answers a JSON Schema for a field)",
        _ => "options (answers dropdown options, paged)",
    };
    let rows = [("Key", format!("`{}`", text(&d["key"]))), ("Also known as", aliases(d)), ("Kind", kind.to_string()), ("Okta scopes", scopes(&d["scopes"], "none (the connector's own list)"))];
    entry_page(d, text(&d["description"]), &rows, &[("Input", &d["inputSchema"]), ("Output", &d["outputSchema"])], "Example input")
}

/// A page: title, description, a table of facts, a field table per schema, and an example of the first.
fn entry_page(e: &Value, description: &str, rows: &[(&str, String)], schemas: &[(&str, &Value)], example_heading: &str) -> String {
    let mut page = format!("{HEADER}# {} (`{}`)\n\n[All pages](../README.md)\n\n{}\n\n| | |\n|---|---|\n", text(&e["label"]), text(&e["key"]), prose(description));
    for (name, value) in rows {
        let _ = writeln!(page, "| {name} | {value} |");
    }
    page.push('\n');
    for (heading, schema) in schemas {
        fields_section(&mut page, heading, schema);
    }
    example_section(&mut page, example_heading, schemas[0].1);
    page
}

/// The index: connection types, then actions, triggers and data sources grouped by the Okta resource
/// they work on (the family of their scopes; a trigger's, the resource of its event types).
fn index(catalogue: &Value, count: usize) -> String {
    let mut page = format!("{HEADER}# okta-connector reference\n\n");
    let _ = writeln!(
        page,
        "Generated from the catalogue (`describe`, i.e. [`manifest.json`](../manifest.json)), version {}: {count} pages. Each page lists what the entry does, the names other products use for it, its flags, every field of its input and output with type, required-ness, default and description, the Okta OAuth scopes it needs, and an example.\n",
        text(&catalogue["version"])
    );
    page.push_str("## Connection types\n\n| type | |\n|---|---|\n");
    for c in list(&catalogue["connections"]) {
        let _ = writeln!(page, "| [{}](connections/{}.md) | {} |", text(&c["label"]), text(&c["key"]), first_sentence(text(&c["description"])));
    }
    for (section, dir, heading) in [("actions", "actions", "Actions"), ("triggers", "triggers", "Triggers"), ("dataSources", "data-sources", "Data sources")] {
        let _ = writeln!(page, "\n## {heading}\n");
        let mut groups: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
        for entry in list(&catalogue[section]) {
            groups.entry(resource(section, entry)).or_default().push(entry);
        }
        for (resource, entries) in groups {
            let _ = writeln!(page, "### {resource}\n\n| key | | |\n|---|---|---|");
            for e in entries {
                let _ = writeln!(page, "| [`{key}`]({dir}/{key}.md) | {} | {} |", text(&e["label"]), first_sentence(text(&e["description"])), key = text(&e["key"]));
            }
            page.push('\n');
        }
    }
    page.trim_end().to_string() + "\n"
}

/// The resource an entry is listed under in the index.
fn resource(section: &str, entry: &Value) -> String {
    if section == "triggers" {
        return match list(&entry["eventTypes"]).first().map(|e| text(e).split('.').next().unwrap_or("")) {
            Some("user") => "Users".into(),
            Some("group") => "Groups".into(),
            Some("application" | "app") => "Applications".into(),
            Some("system" | "security" | "policy") => "Security and system".into(),
            Some(other) => other.to_string(),
            None if text(&entry["key"]).ends_with("users") => "Users".into(),
            None => "Any event (System Log, event hooks)".into(),
        };
    }
    let family = list(&entry["scopes"]).first().and_then(|s| text(s).split('.').nth(1).map(str::to_string));
    match family.as_deref() {
        Some("users") => "Users",
        Some("groups") => "Groups",
        Some("roles") => "Admin roles",
        Some("apps") => "Applications",
        Some("eventHooks") => "Event hooks",
        Some("logs") => "System Log",
        Some("policies") => "Policies",
        Some("realms") => "Realms",
        Some("userTypes") => "User types",
        Some("identitySources") => "Identity sources (imports)",
        Some("schemas") => "Profile schemas",
        Some("linkedObjects") => "Linked objects",
        Some(other) => return other.to_string(),
        None => "Other",
    }
    .into()
}

fn aliases(e: &Value) -> String {
    let names: Vec<&str> = list(&e["aliases"]).iter().map(text).collect();
    if names.is_empty() { "—".into() } else { names.join(", ") }
}

fn scopes(scopes: &Value, none: &str) -> String {
    let names: Vec<String> = list(scopes).iter().map(|s| format!("`{}`", text(s))).collect();
    if names.is_empty() { none.into() } else { names.join(", ") }
}

/// One row of a field table.
struct Field {
    path: String,
    ty: String,
    required: bool,
    default: Option<String>,
    description: String,
}

fn fields_section(page: &mut String, heading: &str, schema: &Value) {
    let mut fields = Vec::new();
    object_fields(schema, schema, "", 0, &mut Vec::new(), &mut fields);
    let _ = writeln!(page, "## {heading}\n");
    let described = resolve(schema, schema);
    if fields.is_empty() {
        let what = match (described.get("properties"), ty(schema, schema).as_str()) {
            (Some(_), _) => "An object with no fields: `{}`.".to_string(),
            (None, "any") => "Any JSON, passed through as Okta sent it.".to_string(),
            (None, t) => format!("{}.", upper_first(t)),
        };
        let _ = writeln!(page, "{what}\n");
        return;
    }
    if let Some(d) = described.get("description").map(|d| prose(text(d))).filter(|d| !page.contains(d.as_str())) {
        let _ = writeln!(page, "{d}\n");
    }
    page.push_str("Nested fields are named by their path (`a.b`, `a[].b` for the items of an array); *required* is within the enclosing object.\n\n");
    page.push_str("| field | type | required | default | description |\n|---|---|---|---|---|\n");
    for f in fields {
        let _ = writeln!(
            page,
            "| `{}` | {} | {} | {} | {} |",
            f.path,
            cell(&f.ty),
            if f.required { "yes" } else { "no" },
            f.default.map(|d| format!("`{}`", cell(&d))).unwrap_or_default(),
            cell(&f.description)
        );
    }
    page.push('\n');
}

/// The rows of an object schema's properties, recursing into nested objects and arrays of objects.
/// `seen` holds the `$ref`s on the way down, so recursive types stop.
fn object_fields(root: &Value, schema: &Value, prefix: &str, depth: usize, seen: &mut Vec<String>, out: &mut Vec<Field>) {
    let object = resolve(root, schema);
    let Some(properties) = object.get("properties").and_then(Value::as_object) else { return };
    let required: Vec<&str> = list(&object["required"]).iter().map(text).collect();
    for (name, property) in properties {
        let path = format!("{prefix}{name}");
        let resolved = resolve(root, property);
        let default = property.get("default").filter(|d| !d.is_null()).map(|d| d.to_string());
        out.push(Field { path: path.clone(), ty: ty(root, property), required: required.contains(&name.as_str()), default, description: description(root, property) });
        if depth + 1 >= MAX_DEPTH {
            continue;
        }
        let reference = def_name(property);
        if reference.as_ref().is_some_and(|r| seen.contains(r)) {
            continue;
        }
        seen.extend(reference.clone());
        if resolved.get("properties").is_some() {
            object_fields(root, property, &format!("{path}."), depth + 1, seen, out);
        } else if let Some(items) = resolved.get("items").filter(|i| resolve(root, i).get("properties").is_some()) {
            object_fields(root, items, &format!("{path}[]."), depth + 1, seen, out);
        }
        if reference.is_some() {
            seen.pop();
        }
    }
}

/// A schema with `$ref`s followed and `X or null` reduced to `X`.
fn resolve<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let target = r.strip_prefix('#').and_then(|p| root.pointer(p)).unwrap_or(&Value::Null);
        return resolve(root, target);
    }
    match non_null(schema) {
        Some(inner) => resolve(root, inner),
        None => schema,
    }
}

/// The one alternative of an `anyOf`/`oneOf` of a schema and `null` (how schemars writes `Option`).
fn non_null(schema: &Value) -> Option<&Value> {
    let alternatives = schema.get("anyOf").or_else(|| schema.get("oneOf"))?.as_array()?;
    match alternatives.as_slice() {
        [a, b] if b["type"] == "null" => Some(a),
        [a, b] if a["type"] == "null" => Some(b),
        _ => None,
    }
}

fn def_name(schema: &Value) -> Option<String> {
    let schema = non_null(schema).unwrap_or(schema);
    schema.get("$ref").and_then(Value::as_str).map(str::to_string)
}

/// A type in words: `string`, `integer (uint32)`, `array of string`, one of `a`, `b`, `object (Name)`.
fn ty(root: &Value, schema: &Value) -> String {
    if let Some(name) = def_name(schema) {
        let target = resolve(root, schema);
        let inner = ty(root, target);
        return if inner == "object" { format!("object ({})", name.rsplit('/').next().unwrap_or_default()) } else { inner };
    }
    if let Some(inner) = non_null(schema) {
        return ty(root, inner);
    }
    if let Some(values) = constants(schema) {
        let values: Vec<String> = values.iter().map(|v| format!("`{}`", plain(v))).collect();
        return if values.len() == 1 { format!("always {}", values[0]) } else { format!("one of {}", values.join(", ")) };
    }
    if let Some(alternatives) = schema.get("anyOf").or_else(|| schema.get("oneOf")).and_then(Value::as_array) {
        return alternatives.iter().map(|a| ty(root, a)).collect::<Vec<_>>().join(" or ");
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).filter(|t| *t != "null").collect(),
        _ => vec![],
    };
    let base = match types.as_slice() {
        [] if schema.get("properties").is_some() => "object".to_string(),
        [] => "any".to_string(),
        ["array"] => format!("array of {}", schema.get("items").map(|i| ty(root, i)).unwrap_or_else(|| "any".into())),
        ["object"] => match schema.get("additionalProperties") {
            Some(v @ Value::Object(_)) if schema.get("properties").is_none() => format!("map of {}", ty(root, v)),
            _ => "object".to_string(),
        },
        ts => ts.join(" or "),
    };
    match schema.get("format").and_then(Value::as_str) {
        Some(format) => format!("{base} ({format})"),
        None => base,
    }
}

/// The values of an `enum`, a `const`, or a `oneOf` of constants.
fn constants(schema: &Value) -> Option<Vec<Value>> {
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return Some(values.clone());
    }
    if let Some(value) = schema.get("const") {
        return Some(vec![value.clone()]);
    }
    let alternatives = schema.get("oneOf").and_then(Value::as_array)?;
    alternatives.iter().map(constants).collect::<Option<Vec<Vec<Value>>>>().map(|v| v.concat())
}

/// The field's description, with its constraints, what each constant means, and its data source.
fn description(root: &Value, property: &Value) -> String {
    let resolved = resolve(root, property);
    let mut parts: Vec<String> = Vec::new();
    if let Some(d) = property.get("description").or_else(|| resolved.get("description")).and_then(Value::as_str) {
        parts.push(prose(d));
    }
    for alternative in list(&resolved["oneOf"]) {
        if let (Some(c), Some(d)) = (alternative.get("const"), alternative["description"].as_str()) {
            parts.push(format!("`{}`: {}", plain(c), prose(d)));
        }
    }
    let bounds: Vec<String> = [("minLength", "at least {} characters"), ("maxLength", "at most {} characters"), ("minimum", "≥ {}"), ("maximum", "≤ {}"), ("minItems", "at least {} items"), ("maxItems", "at most {} items")]
        .iter()
        .filter_map(|(k, f)| match (*k, resolved.get(*k)?.as_f64()?) {
            ("minimum", v) if v == 0.0 => None,
            ("minLength", v) if v == 1.0 => Some("non-empty".to_string()),
            (_, v) => Some(f.replace("{}", &v.to_string())),
        })
        .collect();
    if !bounds.is_empty() {
        parts.push(format!("({})", bounds.join(", ")));
    }
    if resolved["writeOnly"] == true {
        parts.push("A secret (write-only): never in errors or logs.".into());
    }
    if let Some(source) = property.get("x-okta-data-source") {
        let key = text(&source["key"]);
        let depends: Vec<String> = list(&source["dependsOn"]).iter().map(|d| format!("`{}`", text(d))).collect();
        let after = if depends.is_empty() { String::new() } else { format!(", given {}", depends.join(", ")) };
        parts.push(format!("Options from the [`{key}`](../data-sources/{key}.md) data source{after}."));
    }
    parts.join(" ")
}

fn example_section(page: &mut String, heading: &str, schema: &Value) {
    let example = example(schema, schema, "", 0);
    let how = if schema.get("examples").is_some() { "From the schema's `examples`; ids" } else { "The required fields; values" };
    let _ = writeln!(page, "## {heading}\n\n{how} in angle brackets are placeholders for your own.\n\n```json\n{}\n```", serde_json::to_string_pretty(&example).expect("plain JSON"));
}

/// A value for `schema`: its `examples` or `default` if given, else built from the required fields.
fn example(root: &Value, schema: &Value, name: &str, depth: usize) -> Value {
    let resolved = resolve(root, schema);
    if let Some(first) = resolved.get("examples").and_then(Value::as_array).and_then(|e| e.first()) {
        return first.clone();
    }
    if let Some(values) = constants(resolved) {
        return values.first().cloned().unwrap_or(Value::Null);
    }
    if let Some(alternative) = resolved.get("anyOf").or_else(|| resolved.get("oneOf")).and_then(Value::as_array).and_then(|a| a.first()) {
        return example(root, alternative, name, depth);
    }
    let types: Vec<&str> = match &resolved["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).filter(|t| *t != "null").collect(),
        _ if resolved.get("properties").is_some() => vec!["object"],
        _ => vec![],
    };
    match types.first().copied() {
        Some("object") => {
            let mut object = Map::new();
            let properties = resolved.get("properties").and_then(Value::as_object);
            for field in list(&resolved["required"]).iter().map(text) {
                let property = properties.and_then(|p| p.get(field)).unwrap_or(&Value::Bool(true));
                if depth < 8 {
                    object.insert(field.to_string(), example(root, property, field, depth + 1));
                }
            }
            Value::Object(object)
        }
        Some("array") => match resolved.get("minItems").and_then(Value::as_u64) {
            Some(n) if n > 0 => json!([example(root, resolved.get("items").unwrap_or(&Value::Bool(true)), name, depth + 1)]),
            _ => json!([]),
        },
        Some("integer" | "number") => resolved.get("minimum").cloned().filter(|m| m.as_f64() != Some(0.0)).unwrap_or(json!(1)),
        Some("boolean") => resolved.get("default").cloned().unwrap_or(json!(false)),
        Some("string") => json!(sample_string(name, resolved)),
        _ => json!(format!("<{name}>")),
    }
}

/// A plausible string for a field, by its format or name.
fn sample_string(name: &str, schema: &Value) -> String {
    let lower = name.to_lowercase();
    match schema.get("format").and_then(Value::as_str) {
        Some("date-time") => return "2026-01-01T00:00:00Z".into(),
        Some("uri") => return "https://example.com/".into(),
        Some("email") => return "ada.lovelace@example.com".into(),
        _ => {}
    }
    if lower == "oktadomain" {
        "acme.okta.com".into()
    } else if lower.contains("scope") {
        "okta.users.read".into()
    } else if lower.contains("email") || lower == "login" {
        "ada.lovelace@example.com".into()
    } else if lower == "firstname" {
        "Ada".into()
    } else if lower == "lastname" {
        "Lovelace".into()
    } else if lower == "path" {
        "/api/v1/users".into()
    } else if lower.contains("url") {
        "https://example.com/".into()
    } else {
        format!("<{name}>")
    }
}

fn list(v: &Value) -> &[Value] {
    v.as_array().map(Vec::as_slice).unwrap_or(&[])
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

/// A JSON value as it is written in a table: strings bare, the rest as JSON.
fn plain(v: &Value) -> String {
    v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())
}

/// Doc-comment text as one paragraph (schemars keeps the comment's line breaks).
fn prose(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text safe inside a Markdown table cell.
fn cell(s: &str) -> String {
    prose(s).replace('|', "\\|")
}

fn first_sentence(s: &str) -> String {
    let s = prose(s);
    let end = s.find(". ").map(|i| i + 1).unwrap_or(s.len());
    cell(&s[..end])
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default()
}
