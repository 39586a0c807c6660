//! The component's `describe` is manifest.json as one line (the same JSON value), stored compressed.
//! The catalogue repeats itself (39 trigger event schemas of 2 shapes, Okta's user object in a dozen
//! outputs, the same input fields everywhere): written as literal text plus copies of text already
//! written (LZ77 with long matches), it is ~8x smaller in the component, and `src/catalogue.rs`
//! expands it in one pass of memcpys.

use std::collections::HashMap;

/// Shorter repeats cost more as copy operations (~4 bytes) than as text.
const MIN_MATCH: usize = 16;
/// Earlier occurrences of a 16-byte window tried per position: enough to find the long repeats.
const CANDIDATES: usize = 64;

fn main() {
    println!("cargo:rerun-if-changed=manifest.json");
    let manifest = std::fs::read_to_string("manifest.json").expect("manifest.json exists (UPDATE_MANIFEST=1 cargo test -p okta-connector --lib manifest)");
    let catalogue: serde_json::Value = serde_json::from_str(&manifest).expect("manifest.json is JSON");
    let compact = serde_json::to_string(&catalogue).unwrap();
    let (literals, ops) = compress(compact.as_bytes());
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).to_path_buf();
    std::fs::write(out.join("catalogue.literals"), &literals).unwrap();
    std::fs::write(out.join("catalogue.ops"), &ops).unwrap();
    std::fs::write(out.join("catalogue.len"), format!("{}", compact.len())).unwrap();
}

/// Appends `value` as LEB128 (7 bits a byte, low bits first): most lengths fit one byte, offsets three.
fn varint(ops: &mut Vec<u8>, mut value: usize) {
    while value >= 0x80 {
        ops.push((value as u8 & 0x7F) | 0x80);
        value >>= 7;
    }
    ops.push(value as u8);
}

/// Greedy LZ77 over the whole text: at each position the longest earlier repeat of at least
/// [`MIN_MATCH`] bytes becomes a copy; every piece starts and ends on a char boundary, so the literals
/// are one `str` and the expansion is valid UTF-8 by construction.
/// The operations are varints: `len << 1` (the next `len` bytes of the literals) or `len << 1 | 1, from`
/// (a copy of the output's bytes `from..from + len`).
fn compress(text: &[u8]) -> (String, Vec<u8>) {
    let boundary = |i: usize| i == text.len() || (text[i] & 0xC0) != 0x80;
    let window = |i: usize| u128::from_le_bytes(text[i..i + MIN_MATCH].try_into().unwrap());
    let mut seen: HashMap<u128, Vec<usize>> = HashMap::new();
    let (mut literals, mut ops) = (Vec::new(), Vec::new());
    let (mut i, mut literal_start) = (0, 0);
    while i < text.len() {
        let mut best = (0, 0);
        if i + MIN_MATCH <= text.len() && boundary(i) {
            for &from in seen.get(&window(i)).map(|c| &c[c.len().saturating_sub(CANDIDATES)..]).unwrap_or_default() {
                let mut len = 0;
                while i + len < text.len() && from + len < i && text[from + len] == text[i + len] {
                    len += 1;
                }
                while !boundary(i + len) {
                    len -= 1;
                }
                if len > best.1 {
                    best = (from, len);
                }
            }
        }
        let step = if best.1 >= MIN_MATCH { best.1 } else { 1 };
        if step > 1 {
            if literal_start < i {
                literals.extend_from_slice(&text[literal_start..i]);
                varint(&mut ops, (i - literal_start) << 1);
            }
            varint(&mut ops, best.1 << 1 | 1);
            varint(&mut ops, best.0);
        }
        for p in i..(i + step).min(text.len().saturating_sub(MIN_MATCH - 1)) {
            seen.entry(window(p)).or_default().push(p);
        }
        i += step;
        if step > 1 {
            literal_start = i;
        }
    }
    if literal_start < text.len() {
        literals.extend_from_slice(&text[literal_start..]);
        varint(&mut ops, (text.len() - literal_start) << 1);
    }
    (String::from_utf8(literals).expect("pieces end on char boundaries"), ops)
}
