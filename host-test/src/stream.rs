//! `run ACTION --stream`: follows a list action's `nextCursor` to the end and writes one item per line
//! (NDJSON) as each page arrives, so memory stays at one page whatever the org's size. Generic over the
//! action's output: the page is its one top-level array, the cursor its `nextCursor`, resumed as `after`.
//! List outputs lead with `nextCursor`, so the next page is requested before this one is written, and
//! the connector reads ahead: Okta's next page is asked for as soon as this one arrives.

use crate::{Connector, ConnectorError};
use anyhow::{bail, Context, Result};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashSet};
use std::io::Write;

/// What a finished stream wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Streamed {
    pub items: u64,
    pub pages: u64,
}

/// Streams `action` from `input` (a JSON object) to `out`; `on_page` sees the running totals after each
/// page. A connector error ends the stream after the pages already written.
pub fn stream(
    connector: &Connector,
    action: &str,
    connection: &str,
    input: &str,
    out: &mut dyn Write,
    on_page: &mut dyn FnMut(Streamed),
) -> Result<Result<Streamed, ConnectorError>> {
    let mut input: Map<String, Value> = serde_json::from_str(input).context("--input must be a JSON object to stream")?;
    ensure_cursor_input(connector, action)?;
    let connector = &connector.reading_ahead();
    let mut connection = connection.to_string();
    let mut done = Streamed::default();
    let mut seen = HashSet::new();
    let mut resume = |input: &mut Map<String, Value>, cursor: String| -> Result<String> {
        if !seen.insert(cursor.clone()) {
            bail!("{action} returned the cursor {cursor} twice; stopping");
        }
        input.insert("after".into(), Value::String(cursor));
        Ok(Value::Object(input.clone()).to_string())
    };
    let mut next = Some(connector.run_action(action, &connection, &Value::Object(input.clone()).to_string())?);
    while let Some(answer) = next.take() {
        let result = match answer {
            Ok(result) => result,
            Err(e) => return Ok(Err(e)),
        };
        // Renewed tokens must be used by the next page, as a host would store them.
        if let Some(updated) = result.connection_json {
            connection = updated;
        }
        // List outputs put `nextCursor` first: the next page is asked for while this one is written, so
        // Okta works on it meanwhile.
        let ahead = match leading_cursor(&result.output_json) {
            Some(cursor) => Some(resume(&mut input, cursor)?),
            None => None,
        };
        let (written, fetched) = std::thread::scope(|s| {
            let fetch = ahead.as_deref().map(|next_input| s.spawn(|| connector.run_action(action, &connection, next_input)));
            let written = write_page(&result.output_json, out).and_then(|page| Ok(out.flush().map(|()| page)?));
            (written, fetch.map(|f| f.join().expect("a page request does not panic")))
        });
        let (count, cursor) = written?;
        done.items += count;
        done.pages += 1;
        on_page(done);
        next = match (fetched, cursor) {
            (Some(fetched), _) => Some(fetched?),
            (None, Some(cursor)) => Some(connector.run_action(action, &connection, &resume(&mut input, cursor)?)?),
            (None, None) => None,
        };
    }
    Ok(Ok(done))
}

/// The `nextCursor` of an output that starts with it, read without parsing the items.
fn leading_cursor(output_json: &str) -> Option<String> {
    let value = output_json.strip_prefix(r#"{"nextCursor":"#)?;
    serde::Deserialize::deserialize(&mut serde_json::Deserializer::from_str(value)).ok()
}

/// Only actions that take an `after` cursor can be resumed page after page.
fn ensure_cursor_input(connector: &Connector, action: &str) -> Result<()> {
    let catalogue = connector.catalogue()?;
    let entry = catalogue["actions"].as_array().into_iter().flatten().find(|a| a["key"] == action);
    match entry {
        None => Ok(()), // the call itself answers unknown-key
        Some(a) if a["inputSchema"]["properties"].get("after").is_some() => Ok(()),
        Some(_) => bail!("{action} takes no `after` cursor, so it cannot stream"),
    }
}

/// Writes the items of one output, each on its own line; returns how many and the `nextCursor`.
fn write_page(output_json: &str, out: &mut dyn Write) -> Result<(u64, Option<String>)> {
    let fields: BTreeMap<String, &RawValue> = serde_json::from_str(output_json).context("the action's output is not a JSON object")?;
    let mut arrays = fields.iter().filter(|(_, v)| v.get().trim_start().starts_with('['));
    let (Some((_, list)), None) = (arrays.next(), arrays.next()) else {
        bail!("the action's output has no single list to stream (fields: {:?})", fields.keys().collect::<Vec<_>>());
    };
    let items: Vec<&RawValue> = serde_json::from_str(list.get())?;
    for item in &items {
        let text = item.get();
        if text.contains('\n') {
            // Pretty-printed by someone: one item must stay one line.
            serde_json::to_writer(&mut *out, &serde_json::from_str::<Value>(text)?)?;
        } else {
            out.write_all(text.as_bytes())?;
        }
        out.write_all(b"\n")?;
    }
    let cursor = match fields.get("nextCursor") {
        Some(raw) => serde_json::from_str::<Option<String>>(raw.get())?,
        None => None,
    };
    Ok((items.len() as u64, cursor))
}
