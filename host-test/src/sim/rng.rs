//! Deterministic randomness (SplitMix64): seeded org generation, ids, tokens.

const ALPHANUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform-enough integer in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    pub fn alphanumeric(&mut self, len: usize) -> String {
        (0..len).map(|_| *self.pick(ALPHANUM) as char).collect()
    }

    /// Lower-case hex UUID shape (8-4-4-4-12), as in LogEvent `uuid`.
    pub fn uuid(&mut self) -> String {
        let h = format!("{:016x}{:016x}", self.next_u64(), self.next_u64());
        format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
    }

    /// Okta-shaped opaque id: 3-char type prefix + 17 chars = 20 chars.
    pub fn id(&mut self, prefix: &str) -> String {
        format!("{prefix}{}", self.alphanumeric(20 - prefix.len()))
    }
}
