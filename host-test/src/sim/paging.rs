//! Cursor paging and `Link` headers (API-NOTES §2). The cursor is the key of
//! the last item of the previous page; Okta's is opaque too.

use super::ctx::Ctx;
use super::errors::ApiError;
use super::filter::resolve;
use std::cmp::Ordering;
use axum::http::{header, HeaderValue};
use axum::response::Response;
use serde_json::Value;

/// One page out of `items` (already in list order). Starts after the item
/// whose key equals `after`; when that item is gone, after the first key that
/// sorts above it (exact for key-ordered lists). Returns the next cursor when
/// more items follow.
pub(crate) fn page<T>(items: Vec<T>, key: impl Fn(&T) -> &str, after: Option<&str>, limit: usize) -> (Vec<T>, Option<String>) {
    let start = match after {
        None => 0,
        Some(a) => match items.iter().position(|i| key(i) == a) {
            Some(p) => p + 1,
            None => items.iter().position(|i| key(i) > a).unwrap_or(items.len()),
        },
    };
    let more = items.len() > start + limit;
    let page: Vec<T> = items.into_iter().skip(start).take(limit).collect();
    let next = if more { page.last().map(|i| key(i).to_string()) } else { None };
    (page, next)
}

/// `search` cannot be combined with `filter` or `q` (400 `E0000033`).
pub(crate) fn search_alone(ctx: &Ctx) -> Result<(), ApiError> {
    let (q, filter, search) = (ctx.param("q"), ctx.param("filter"), ctx.param("search"));
    if search.is_some() && (filter.is_some() || q.is_some()) {
        return Err(ApiError::new(400, "E0000033", "Search and filter/query parameters cannot be used together."));
    }
    Ok(())
}

/// Orders JSON values for `sortBy`: missing/null last, strings case-insensitively.
fn cmp_values(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    match (a, b) {
        (Some(Value::String(x)), Some(Value::String(y))) => x.to_lowercase().cmp(&y.to_lowercase()),
        (Some(Value::Number(x)), Some(Value::Number(y))) => x.as_f64().partial_cmp(&y.as_f64()).unwrap_or(Ordering::Equal),
        (Some(x), Some(y)) => x.to_string().cmp(&y.to_string()),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Applies `sortBy`/`sortOrder` (`asc` default) to `(id, item)` rows; ties
/// are ordered by id. Without `sortBy` the order is left alone.
pub(crate) fn sort_rows(ctx: &Ctx, rows: &mut [(String, Value)]) {
    let Some(key) = ctx.param("sortBy") else { return };
    let descending = ctx.param("sortOrder").is_some_and(|o| o.eq_ignore_ascii_case("desc"));
    rows.sort_by(|(ida, a), (idb, b)| {
        let o = cmp_values(resolve(a, key), resolve(b, key));
        if descending { o.reverse() } else { o }.then_with(|| ida.cmp(idb))
    });
}

/// The URL of this request as Okta states it (known parameters, effective
/// limit); for `next` links (`after` given) with `after` replaced and the
/// parameters in `drop` removed.
fn url_with_after(ctx: &Ctx, after: Option<&str>, drop: &[&str]) -> String {
    let mut ser = form_urlencoded::Serializer::new(String::new());
    let keep = |k: &str| after.is_none() || (k != "after" && !drop.contains(&k));
    for (k, v) in ctx.known_query().iter().filter(|(k, _)| keep(k)) {
        ser.append_pair(k, v);
    }
    if let Some(a) = after {
        ser.append_pair("after", a);
    }
    let q = ser.finish();
    if q.is_empty() {
        format!("{}{}", ctx.base, ctx.path)
    } else {
        format!("{}{}?{q}", ctx.base, ctx.path)
    }
}

/// JSON array response with separate `Link` header lines for `self` and
/// (when given) `next`, as Okta sends them.
pub(crate) fn respond(ctx: &Ctx, items: Vec<Value>, next: Option<&str>) -> Response {
    respond_dropping(ctx, items, next, &[])
}

/// [`respond`] whose `next` link omits the parameters in `drop` (the System
/// Log's `since`, which is exclusive with `after`).
pub(crate) fn respond_dropping(ctx: &Ctx, items: Vec<Value>, next: Option<&str>, drop: &[&str]) -> Response {
    let mut response = super::ctx::ok(Value::Array(items));
    let headers = response.headers_mut();
    let self_url = url_with_after(ctx, None, drop);
    headers.append(header::LINK, HeaderValue::from_str(&format!("<{self_url}>; rel=\"self\"")).unwrap());
    if let Some(after) = next {
        let next_url = url_with_after(ctx, Some(after), drop);
        headers.append(header::LINK, HeaderValue::from_str(&format!("<{next_url}>; rel=\"next\"")).unwrap());
    }
    response
}

#[cfg(test)]
mod tests {
    #[test]
    fn pages_resume_after_cursor_even_if_it_was_deleted() {
        let items = vec!["a", "b", "d", "e"];
        let (p, next) = super::page(items.clone(), |s| s, None, 2);
        assert_eq!((p, next.as_deref()), (vec!["a", "b"], Some("b")));
        let (p, next) = super::page(items.clone(), |s| s, Some("c"), 2);
        assert_eq!((p, next), (vec!["d", "e"], None));
    }
}
