//! The test's own RFC 6238 TOTP, as an authenticator app computes it (HMAC-SHA-1, 30 s steps, 6
//! digits, base32 secret), written apart from the simulator's so the two check each other; RFC 6238's
//! Appendix B vectors check this one (`sim_factors.rs`).
#![allow(dead_code)]

use hmac::{Hmac, Mac};

/// RFC 4648 base32 without padding, upper or lower case.
pub fn base32_decode(s: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let (mut bits, mut acc, mut out) = (0u32, 0u64, Vec::new());
    for c in s.trim_end_matches('=').bytes() {
        let v = ALPHABET.iter().position(|&a| a == c.to_ascii_uppercase()).unwrap_or_else(|| panic!("not base32: {s}"));
        acc = (acc << 5) | v as u64;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// The code for the raw key at `unix_seconds`, with `digits` digits.
pub fn code_for_key(key: &[u8], unix_seconds: i64, digits: u32) -> String {
    let counter = (unix_seconds / 30) as u64;
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(key).unwrap();
    mac.update(&counter.to_be_bytes());
    let hash = mac.finalize().into_bytes();
    let offset = (hash[hash.len() - 1] & 0xf) as usize;
    let binary = ((hash[offset] as u32 & 0x7f) << 24) | ((hash[offset + 1] as u32) << 16) | ((hash[offset + 2] as u32) << 8) | hash[offset + 3] as u32;
    format!("{:0width$}", binary % 10u32.pow(digits), width = digits as usize)
}

/// The 6-digit code of the base32 `secret` at `unix_ms` (the simulator clock's reading).
pub fn code(secret: &str, unix_ms: i64) -> String {
    code_for_key(&base32_decode(secret), unix_ms.div_euclid(1000), 6)
}

/// A 6-digit code that is not `code` (each digit moved by one).
pub fn wrong(code: &str) -> String {
    code.bytes().map(|d| (b'0' + (d - b'0' + 1) % 10) as char).collect()
}

/// Freezes the simulator clock at the start of a 30 s step (plus a second) and returns that instant.
pub fn freeze_at_step(sim: &host_test::sim::Simulator) -> i64 {
    let now = sim.clock().now();
    let at = now - now.rem_euclid(30_000) + 1_000;
    sim.clock().freeze_at(at);
    at
}
