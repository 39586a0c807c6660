//! The simulator's notion of "now". Every timestamp, rate-limit window and
//! log query reads this clock, so tests can freeze or advance time instead of
//! sleeping.

use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Epoch milliseconds, the unit used throughout the simulator.
pub type Millis = i64;

enum Mode {
    /// Wall clock shifted by `offset` (advance() moves the offset).
    Live { offset: Millis },
    /// Stopped at a fixed instant until advanced or set again.
    Frozen { at: Millis },
}

pub struct Clock {
    mode: Mutex<Mode>,
}

impl Clock {
    pub fn live() -> Clock {
        Clock { mode: Mutex::new(Mode::Live { offset: 0 }) }
    }

    pub fn now(&self) -> Millis {
        match *self.mode.lock().unwrap() {
            Mode::Live { offset } => wall_millis() + offset,
            Mode::Frozen { at } => at,
        }
    }

    /// Moves time forward (live or frozen).
    pub fn advance(&self, by: Duration) {
        let by = by.as_millis() as Millis;
        match &mut *self.mode.lock().unwrap() {
            Mode::Live { offset } => *offset += by,
            Mode::Frozen { at } => *at += by,
        }
    }

    /// Stops the clock at `at` (epoch millis).
    pub fn freeze_at(&self, at: Millis) {
        *self.mode.lock().unwrap() = Mode::Frozen { at };
    }
}

fn wall_millis() -> Millis {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO).as_millis() as Millis
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (H. Hinnant).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 } as i64;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Okta's timestamp format: `2013-07-02T21:36:25.344Z`.
pub fn iso(ms: Millis) -> String {
    let (days, rem) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let (y, mo, d) = civil_from_days(days);
    let (h, mi, s, milli) = (rem / 3_600_000, rem / 60_000 % 60, rem / 1000 % 60, rem % 1000);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{milli:03}Z")
}

/// Parses RFC 3339 (`Z` or `±hh:mm`, optional fraction) into epoch millis.
pub fn parse_iso(s: &str) -> Option<Millis> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = s.get(r)?;
        t.bytes().all(|c| c.is_ascii_digit()).then(|| t.parse().ok())?
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)? as u32, num(8..10)? as u32);
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut rest = &s[19..];
    let mut millis = 0;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let padded = format!("{:0<3}", &frac[..digits.min(3)]);
        millis = padded.parse::<i64>().ok()?;
        rest = &frac[digits..];
    }
    let offset_min = match rest {
        "Z" | "z" => 0,
        _ if rest.len() == 6 && rest.as_bytes()[3] == b':' => {
            let sign = match rest.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let oh: i64 = rest[1..3].parse().ok()?;
            let om: i64 = rest[4..6].parse().ok()?;
            sign * (oh * 60 + om)
        }
        _ => return None,
    };
    let secs = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + sec - offset_min * 60;
    Some(secs * 1000 + millis)
}

/// RFC 7231 IMF-fixdate for the `Date` header.
pub fn http_date(ms: Millis) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let days = ms.div_euclid(86_400_000);
    let (y, mo, d) = civil_from_days(days);
    let rem = ms.rem_euclid(86_400_000) / 1000;
    let wd = DAYS[days.rem_euclid(7) as usize];
    let mon = MONTHS[mo as usize - 1];
    format!("{wd}, {d:02} {mon} {y} {:02}:{:02}:{:02} GMT", rem / 3600, rem / 60 % 60, rem % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_round_trips_and_http_date_matches_known_instant() {
        let t = parse_iso("2013-07-02T21:36:25.344Z").unwrap();
        assert_eq!(iso(t), "2013-07-02T21:36:25.344Z");
        assert_eq!(parse_iso("2013-07-02T23:36:25.344+02:00"), Some(t));
        assert_eq!(http_date(784_111_777_000), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(parse_iso("2013-13-02T21:36:25Z"), None);
    }
}
