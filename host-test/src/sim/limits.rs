//! Per-bucket, per-minute rate limits and the org-wide concurrency limit
//! (API-NOTES §3). Windows last 60 s and run continuously from an org-specific
//! phase ("not on wall-clock minute boundaries"), so `X-Rate-Limit-Reset`
//! minus `Date` ranges over 1–60 s as on a real org.

use super::clock::Millis;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// A bucket: methods (empty = any) and a path pattern where `*` is one
/// segment and a trailing `**` any remainder. First match wins.
struct BucketSpec {
    /// Window key; also lets two buckets share a pattern with different methods.
    name: &'static str,
    methods: &'static [&'static str],
    pattern: &'static str,
    per_minute: u32,
}

/// Okta's legacy published Workforce defaults, corrected where recorded orgs
/// report other buckets: calls below a user (lifecycle, credentials, factors…)
/// count against `/api/v1/users`; group membership, realms and event hooks
/// have their own.
const BUCKETS: &[BucketSpec] = &[
    BucketSpec { name: "GET /api/v1/users/*", methods: &["GET"], pattern: "/api/v1/users/*", per_minute: 2000 },
    BucketSpec { name: "GET|POST /api/v1/users", methods: &["GET", "POST"], pattern: "/api/v1/users", per_minute: 600 },
    BucketSpec { name: "GET|POST /api/v1/users", methods: &[], pattern: "/api/v1/users/*/**", per_minute: 600 },
    BucketSpec { name: "POST|PUT|DELETE /api/v1/users/*", methods: &["POST", "PUT", "DELETE"], pattern: "/api/v1/users/*", per_minute: 600 },
    BucketSpec { name: "/api/v1/groups", methods: &[], pattern: "/api/v1/groups", per_minute: 500 },
    BucketSpec { name: "/api/v1/groups/*/users", methods: &[], pattern: "/api/v1/groups/*/users", per_minute: 500 },
    BucketSpec { name: "/api/v1/groups/*/users", methods: &[], pattern: "/api/v1/groups/*/users/*", per_minute: 500 },
    BucketSpec { name: "/api/v1/groups/*", methods: &[], pattern: "/api/v1/groups/*", per_minute: 1000 },
    BucketSpec { name: "/api/v1/apps/*", methods: &[], pattern: "/api/v1/apps/*", per_minute: 500 },
    BucketSpec { name: "/api/v1/apps/**", methods: &[], pattern: "/api/v1/apps/**", per_minute: 100 },
    BucketSpec { name: "/api/v1/apps", methods: &[], pattern: "/api/v1/apps", per_minute: 100 },
    BucketSpec { name: "/api/v1/logs", methods: &[], pattern: "/api/v1/logs", per_minute: 120 },
    BucketSpec { name: "/api/v1/realms", methods: &[], pattern: "/api/v1/realms", per_minute: 500 },
    BucketSpec { name: "/api/v1/realms", methods: &[], pattern: "/api/v1/realms/**", per_minute: 500 },
    BucketSpec { name: "/api/v1/eventHooks", methods: &[], pattern: "/api/v1/eventHooks", per_minute: 1000 },
    BucketSpec { name: "/api/v1/eventHooks", methods: &[], pattern: "/api/v1/eventHooks/**", per_minute: 1000 },
    BucketSpec { name: "/api/v1/**", methods: &[], pattern: "/api/v1/**", per_minute: 1200 },
];

/// Okta's default number of in-flight requests per org.
const CONCURRENCY: usize = 75;

fn matches(pattern: &str, path: &str) -> bool {
    let mut p = pattern.split('/');
    let mut s = path.trim_end_matches('/').split('/');
    loop {
        match (p.next(), s.next()) {
            (Some("**"), Some(_)) => return true,
            (Some("*"), Some(_)) => {}
            (Some(a), Some(b)) if a == b => {}
            (None, None) => return true,
            _ => return false,
        }
    }
}

/// Headers to report, or the 429 to send.
#[derive(Debug, Clone, Copy)]
pub struct Quota {
    pub limit: u32,
    pub remaining: u32,
    /// Epoch seconds when the window resets.
    pub reset: i64,
    pub exceeded: bool,
}

struct Window {
    start: Millis,
    used: u32,
}

pub struct Limits {
    /// `false`: no per-minute quotas at all (benchmarks); the concurrency limit still applies.
    enabled: bool,
    override_per_minute: Option<u32>,
    /// Where the org's windows start within a minute (ms).
    phase: Millis,
    windows: Mutex<HashMap<&'static str, Window>>,
    in_flight: Arc<AtomicUsize>,
}

/// Holds one concurrency slot until dropped.
pub struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Limits {
    /// `phase`: the org's window offset within a minute, in ms; `enabled: false` counts nothing.
    pub fn new(enabled: bool, override_per_minute: Option<u32>, phase: Millis) -> Limits {
        Limits { enabled, override_per_minute, phase: phase.rem_euclid(60_000), windows: Mutex::default(), in_flight: Arc::default() }
    }

    /// Forgets every bucket's count: the current windows start over with full quotas.
    pub fn reset(&self) {
        self.windows.lock().unwrap().clear();
    }

    /// Counts one call against its bucket; `None` for paths outside `/api/v1` and when limits are off.
    pub fn charge(&self, method: &str, path: &str, now: Millis) -> Option<Quota> {
        if !self.enabled {
            return None;
        }
        let spec = BUCKETS
            .iter()
            .find(|b| (b.methods.is_empty() || b.methods.contains(&method)) && matches(b.pattern, path))?;
        let limit = self.override_per_minute.unwrap_or(spec.per_minute);
        let mut windows = self.windows.lock().unwrap();
        let start = now - (now - self.phase).rem_euclid(60_000);
        let w = windows.entry(spec.name).or_insert(Window { start, used: 0 });
        if w.start != start {
            *w = Window { start, used: 0 };
        }
        let exceeded = w.used >= limit;
        if !exceeded {
            w.used += 1;
        }
        Some(Quota {
            limit,
            remaining: limit - w.used.min(limit),
            reset: (w.start + 60_000 + 999) / 1000,
            exceeded,
        })
    }

    /// Takes an in-flight slot, or `None` when the org is at its concurrency limit.
    pub fn enter(&self) -> Option<Slot> {
        let slot = Slot(self.in_flight.clone());
        (self.in_flight.fetch_add(1, Ordering::SeqCst) < CONCURRENCY).then_some(slot)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_follow_okta_table() {
        let l = Limits::new(true, None, 0);
        assert_eq!(l.charge("GET", "/api/v1/users/00u1", 0).unwrap().limit, 2000);
        assert_eq!(l.charge("POST", "/api/v1/users/00u1", 0).unwrap().limit, 600);
        assert_eq!(l.charge("GET", "/api/v1/users", 0).unwrap().limit, 600);
        assert_eq!(l.charge("GET", "/api/v1/apps/0oa1/users", 0).unwrap().limit, 100);
        assert_eq!(l.charge("GET", "/api/v1/logs", 0).unwrap().limit, 120);
        assert_eq!(l.charge("POST", "/api/v1/users/00u1/lifecycle/suspend", 0).unwrap().limit, 600);
        assert_eq!(l.charge("PUT", "/api/v1/groups/00g1/users/00u1", 0).unwrap().limit, 500);
        assert_eq!(l.charge("GET", "/api/v1/realms/guo1", 0).unwrap().limit, 500);
        assert_eq!(l.charge("GET", "/api/v1/eventHooks", 0).unwrap().limit, 1000);
        assert_eq!(l.charge("GET", "/api/v1/policies", 0).unwrap().limit, 1200);
        assert!(l.charge("GET", "/oauth2/v1/keys", 0).is_none());
    }
}
