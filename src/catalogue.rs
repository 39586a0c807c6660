//! What `describe` returns: manifest.json without indentation, as build.rs stored it (literal text and
//! copies of text already written), expanded in one pass.

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

/// Marks a copy in [`OPS`].
const COPY: u32 = 1 << 31;

/// The catalogue JSON.
pub fn json() -> String {
    let mut out = String::with_capacity(LEN);
    let (mut literals, mut ops) = (LITERALS, OPS.iter());
    while let Some(&op) = ops.next() {
        let len = (op & !COPY) as usize;
        if op & COPY == 0 {
            let (text, rest) = literals.split_at(len);
            out.push_str(text);
            literals = rest;
        } else {
            let from = *ops.next().expect("a copy names where it copies from") as usize;
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
