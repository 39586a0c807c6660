//! When to try a request again: a pure function, so the whole policy is table-tested without waiting.

use std::time::Duration;

/// Bounds on retrying; every wait and the number of attempts are capped.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// First back-off for 5xx and transport errors; doubles per attempt.
    pub base_backoff: Duration,
    /// Longest single wait, whatever Okta's reset header says.
    pub max_wait: Duration,
    /// Longest time spent waiting across all retries of one request.
    pub max_total_wait: Duration,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            max_attempts: 4,
            base_backoff: Duration::from_millis(200),
            max_wait: Duration::from_secs(30),
            max_total_wait: Duration::from_secs(60),
        }
    }
}

/// What happened on one attempt.
#[derive(Debug, Clone, Copy)]
pub enum Outcome {
    /// Okta answered with this status; `reset` and `date` are `X-Rate-Limit-Reset` and `Date` in epoch seconds.
    Status { status: u16, reset: Option<u64>, date: Option<u64> },
    /// No answer: refused, reset, timed out.
    Transport,
}

/// The decision for the attempt just made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Retry(Duration),
    Stop,
}

/// `attempt` counts attempts made so far (1 after the first), `waited` the time already spent waiting,
/// `jitter` a random number in [0, 1). A 429 means Okta did not act, so any method is retried; a 5xx or a
/// transport failure may have applied the change, so only idempotent methods are.
pub fn decide(policy: &Policy, idempotent: bool, outcome: Outcome, attempt: u32, waited: Duration, jitter: f64) -> Decision {
    if attempt >= policy.max_attempts {
        return Decision::Stop;
    }
    let jitter_ms = |span_ms: f64| Duration::from_millis((jitter.clamp(0.0, 1.0) * span_ms) as u64);
    let backoff = || policy.base_backoff * 2u32.saturating_pow(attempt - 1) + jitter_ms(policy.base_backoff.as_millis() as f64);
    let wait = match outcome {
        Outcome::Status { status: 429, reset: Some(reset), date: Some(date) } => {
            Duration::from_secs(reset.saturating_sub(date)) + jitter_ms(250.0)
        }
        Outcome::Status { status: 429, .. } => backoff(),
        Outcome::Status { status: 500..=599, .. } | Outcome::Transport if idempotent => backoff(),
        _ => return Decision::Stop,
    };
    let wait = wait.min(policy.max_wait);
    if waited + wait > policy.max_total_wait {
        return Decision::Stop;
    }
    Decision::Retry(wait)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Decision::*;

    const P: Policy = Policy {
        max_attempts: 4,
        base_backoff: Duration::from_millis(200),
        max_wait: Duration::from_secs(30),
        max_total_wait: Duration::from_secs(60),
    };

    fn status(status: u16) -> Outcome {
        Outcome::Status { status, reset: None, date: None }
    }

    #[test]
    fn rate_limit_waits_until_reset_relative_to_date_for_any_method() {
        let o = Outcome::Status { status: 429, reset: Some(1_000_005), date: Some(1_000_000) };
        assert_eq!(decide(&P, false, o, 1, Duration::ZERO, 0.0), Retry(Duration::from_secs(5)));
        assert_eq!(decide(&P, true, o, 1, Duration::ZERO, 0.999), Retry(Duration::from_millis(5249)));
    }

    #[test]
    fn rate_limit_wait_is_capped_and_total_wait_is_bounded() {
        let far = Outcome::Status { status: 429, reset: Some(10_000), date: Some(0) };
        assert_eq!(decide(&P, true, far, 1, Duration::ZERO, 0.0), Retry(P.max_wait));
        assert_eq!(decide(&P, true, far, 2, Duration::from_secs(45), 0.0), Stop);
    }

    #[test]
    fn server_errors_and_transport_failures_retry_only_idempotent_methods_with_backoff() {
        assert_eq!(decide(&P, true, status(503), 1, Duration::ZERO, 0.0), Retry(Duration::from_millis(200)));
        assert_eq!(decide(&P, true, status(500), 2, Duration::ZERO, 0.0), Retry(Duration::from_millis(400)));
        assert_eq!(decide(&P, true, Outcome::Transport, 3, Duration::ZERO, 0.5), Retry(Duration::from_millis(900)));
        assert_eq!(decide(&P, false, status(503), 1, Duration::ZERO, 0.0), Stop);
        assert_eq!(decide(&P, false, Outcome::Transport, 1, Duration::ZERO, 0.0), Stop);
    }

    #[test]
    fn attempts_are_bounded() {
        assert_eq!(decide(&P, true, status(503), P.max_attempts, Duration::ZERO, 0.0), Stop);
        let o = Outcome::Status { status: 429, reset: Some(1), date: Some(0) };
        assert_eq!(decide(&P, true, o, P.max_attempts, Duration::ZERO, 0.0), Stop);
    }

    #[test]
    fn client_errors_are_never_retried() {
        for s in [400, 401, 403, 404, 409, 411] {
            assert_eq!(decide(&P, true, status(s), 1, Duration::ZERO, 0.0), Stop, "{s}");
        }
    }
}
