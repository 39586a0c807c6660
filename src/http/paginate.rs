//! Okta's cursor paging: follow the `Link` header's `rel="next"` URL exactly as given, with guards
//! against servers that loop.

use std::collections::HashSet;

/// The `rel="next"` target of a `Link` header, if any.
pub fn next_link(link_headers: &[String]) -> Option<String> {
    link_headers.iter().flat_map(|h| h.split(',')).find_map(|part| {
        let (target, params) = part.trim().split_once(';')?;
        let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        let is_next = params.split(';').any(|p| {
            let p = p.trim();
            p.strip_prefix("rel=").is_some_and(|v| v.trim_matches('"').split(' ').any(|r| r == "next"))
        });
        is_next.then(|| target.to_string())
    })
}

/// The `after` cursor of a next link, so a caller can resume a list in a later run.
pub fn after_cursor(url: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    query.split('&').find_map(|kv| kv.strip_prefix("after=")).map(super::percent_decode)
}

/// Why paging ended; `NextPage` is the only way to go on.
#[derive(Debug, PartialEq, Eq)]
pub enum Step {
    NextPage(String),
    /// No next link, an empty page, or a link already followed.
    Done,
    /// The page cap or the item budget was reached while a next link remained; the link is where to resume.
    Capped(String),
}

/// Tracks the links followed in one listing.
pub struct Pager {
    seen: HashSet<String>,
    pages: u32,
    items: usize,
    max_pages: u32,
}

impl Pager {
    pub fn new(first_url: &str, max_pages: u32) -> Self {
        Pager { seen: HashSet::from([first_url.to_string()]), pages: 0, items: 0, max_pages: max_pages.max(1) }
    }

    /// Records a fetched page and says where to go next.
    pub fn step(&mut self, items_on_page: usize, next: Option<String>) -> Step {
        self.pages += 1;
        self.items += items_on_page;
        match next {
            None => Step::Done,
            Some(_) if items_on_page == 0 => Step::Done,
            Some(url) if self.seen.contains(&url) => Step::Done,
            Some(url) if self.pages >= self.max_pages || self.items >= super::LIST_ITEM_BUDGET => Step::Capped(url),
            Some(url) => {
                self.seen.insert(url.clone());
                Step::NextPage(url)
            }
        }
    }

    pub fn pages(&self) -> u32 {
        self.pages
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_next_among_several_links_and_headers() {
        let h = vec![
            r#"<https://a.okta.com/api/v1/users?limit=2>; rel="self""#.to_string(),
            r#"<https://a.okta.com/api/v1/users?after=00u2&limit=2>; rel="next""#.to_string(),
        ];
        assert_eq!(next_link(&h).as_deref(), Some("https://a.okta.com/api/v1/users?after=00u2&limit=2"));
        let one = vec![r#"<https://x/a?limit=2>; rel="self", <https://x/a?after=b%2Bc&limit=2>; rel="next""#.to_string()];
        assert_eq!(next_link(&one).as_deref(), Some("https://x/a?after=b%2Bc&limit=2"));
        assert_eq!(after_cursor("https://x/a?after=b%2Bc&limit=2").as_deref(), Some("b+c"));
        assert_eq!(next_link(&[r#"<https://x/a>; rel="self""#.to_string()]), None);
    }

    #[test]
    fn stops_on_no_next_empty_page_repeated_link_and_cap() {
        let mut p = Pager::new("u0", 3);
        assert_eq!(p.step(2, Some("u1".into())), Step::NextPage("u1".into()));
        assert_eq!(p.step(2, Some("u0".into())), Step::Done);
        let mut p = Pager::new("u0", 3);
        assert_eq!(p.step(0, Some("u1".into())), Step::Done);
        let mut p = Pager::new("u0", 2);
        assert_eq!(p.step(2, Some("u1".into())), Step::NextPage("u1".into()));
        assert_eq!(p.step(2, Some("u2".into())), Step::Capped("u2".into()));
        assert_eq!(p.pages(), 2);
        assert_eq!(Pager::new("u0", 5).step(1, None), Step::Done);
        let mut p = Pager::new("u0", u32::MAX);
        assert_eq!(p.step(super::super::LIST_ITEM_BUDGET - 1, Some("u1".into())), Step::NextPage("u1".into()));
        assert_eq!(p.step(1, Some("u2".into())), Step::Capped("u2".into()), "the item budget ends a listing early");
    }
}
