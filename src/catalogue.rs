//! What `describe` returns: manifest.json without indentation, as build.rs stored it (literal text and
//! copies of text already written, see `compress` there), expanded in one pass.

/// The text that is not a copy, in order.
const LITERALS: &str = include_str!(concat!(env!("OUT_DIR"), "/catalogue.literals"));
/// Varints: `len << 1` (a literal) or `len << 1 | 1, from` (a copy of the output's `from..from + len`).
const OPS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/catalogue.ops"));
/// Bytes of the expanded catalogue.
const LEN: usize = include!(concat!(env!("OUT_DIR"), "/catalogue.len"));

/// The catalogue JSON.
pub fn json() -> String {
    let mut out = String::with_capacity(LEN);
    let (mut literals, mut at) = (LITERALS, 0);
    while at < OPS.len() {
        let op = varint(&mut at);
        let len = op >> 1;
        if op & 1 == 0 {
            let (text, rest) = literals.split_at(len);
            out.push_str(text);
            literals = rest;
        } else {
            let from = varint(&mut at);
            out.extend_from_within(from..from + len);
        }
    }
    out
}

/// The LEB128 number at `OPS[*at..]`; moves `at` past it.
fn varint(at: &mut usize) -> usize {
    let (mut value, mut shift) = (0, 0);
    loop {
        let byte = OPS[*at];
        *at += 1;
        value |= ((byte & 0x7F) as usize) << shift;
        if byte < 0x80 {
            return value;
        }
        shift += 7;
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn expands_to_manifest_json_on_one_line() {
        let manifest: serde_json::Value = serde_json::from_str(include_str!("../manifest.json")).unwrap();
        assert_eq!(super::json(), manifest.to_string());
    }
}
