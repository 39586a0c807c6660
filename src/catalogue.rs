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
    let (mut literals, mut ops) = (LITERALS, OPS);
    let mut next = || {
        let (mut value, mut shift) = (0usize, 0);
        while let Some((&byte, rest)) = ops.split_first() {
            ops = rest;
            value |= ((byte & 0x7F) as usize) << shift;
            if byte < 0x80 {
                return Some(value);
            }
            shift += 7;
        }
        None
    };
    while let Some(op) = next() {
        let len = op >> 1;
        if op & 1 == 0 {
            let (text, rest) = literals.split_at(len);
            out.push_str(text);
            literals = rest;
        } else {
            let from = next().expect("a copy names where it copies from");
            out.extend_from_within(from..from + len);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn expands_to_manifest_json_on_one_line() {
        let manifest: serde_json::Value = serde_json::from_str(include_str!("../manifest.json")).unwrap();
        assert_eq!(super::json(), manifest.to_string());
    }
}
