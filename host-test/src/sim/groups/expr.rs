//! The part of the Okta Expression Language group rules use: `user.<attr>`
//! compared with `==`/`!=`, combined with `and`/`or`/`&&`/`||`/`!` and
//! parentheses, plus `String.stringContains`, `String.startsWith` and
//! `String.endsWith` (case-sensitive, as Okta's are).

use serde_json::{Map, Value};

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Attr(String),
    Literal(Value),
    Eq(Box<Expr>, Box<Expr>, bool),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Call(&'static str, Box<Expr>, Box<Expr>),
}

const FUNCTIONS: [&str; 3] = ["String.stringContains", "String.startsWith", "String.endsWith"];

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Op(&'static str),
}

fn lex(s: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = s.chars().collect();
    let (mut i, mut out) = (0, Vec::new());
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '"' || c == '\'' {
            let end = chars[i + 1..].iter().position(|&d| d == c).ok_or("unterminated string")?;
            out.push(Tok::Str(chars[i + 1..i + 1 + end].iter().collect()));
            i += end + 2;
        } else if c.is_alphanumeric() || c == '_' || c == '.' || c == '$' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '.' || chars[i] == '$') {
                i += 1;
            }
            out.push(Tok::Ident(chars[start..i].iter().collect()));
        } else {
            let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
            let op = ["==", "!=", "&&", "||"].into_iter().find(|o| *o == two);
            match (op, c) {
                (Some(o), _) => {
                    out.push(Tok::Op(o));
                    i += 2;
                }
                (None, '(' | ')' | ',' | '!') => {
                    out.push(Tok::Op(match c { '(' => "(", ')' => ")", ',' => ",", _ => "!" }));
                    i += 1;
                }
                _ => return Err(format!("unexpected character '{c}'")),
            }
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Tok>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    fn eat(&mut self, op: &str) -> bool {
        let hit = match self.peek() {
            Some(Tok::Op(o)) => *o == op,
            Some(Tok::Ident(w)) => (op == "&&" && w.eq_ignore_ascii_case("and")) || (op == "||" && w.eq_ignore_ascii_case("or")),
            _ => false,
        };
        if hit {
            self.at += 1;
        }
        hit
    }

    fn expect(&mut self, op: &str) -> Result<(), String> {
        if self.eat(op) { Ok(()) } else { Err(format!("expected '{op}'")) }
    }

    fn or(&mut self) -> Result<Expr, String> {
        let mut left = self.and()?;
        while self.eat("||") {
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut left = self.unary()?;
        while self.eat("&&") {
            left = Expr::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, String> {
        if self.eat("!") {
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        let left = self.operand()?;
        for (op, equal) in [("==", true), ("!=", false)] {
            if self.eat(op) {
                return Ok(Expr::Eq(Box::new(left), Box::new(self.operand()?), equal));
            }
        }
        Ok(left)
    }

    fn operand(&mut self) -> Result<Expr, String> {
        if self.eat("(") {
            let e = self.or()?;
            self.expect(")")?;
            return Ok(e);
        }
        match self.toks.get(self.at).cloned() {
            Some(Tok::Str(s)) => {
                self.at += 1;
                Ok(Expr::Literal(Value::String(s)))
            }
            Some(Tok::Ident(w)) => {
                self.at += 1;
                if let Some(f) = FUNCTIONS.iter().find(|f| **f == w) {
                    self.expect("(")?;
                    let a = self.or()?;
                    self.expect(",")?;
                    let b = self.or()?;
                    self.expect(")")?;
                    return Ok(Expr::Call(f, Box::new(a), Box::new(b)));
                }
                match w.as_str() {
                    "true" | "false" => Ok(Expr::Literal(Value::Bool(w == "true"))),
                    "null" => Ok(Expr::Literal(Value::Null)),
                    _ if w.parse::<f64>().is_ok() => Ok(Expr::Literal(w.parse::<serde_json::Number>().map(Value::Number).unwrap_or(Value::Null))),
                    _ => match w.strip_prefix("user.") {
                        Some(attr) if !attr.is_empty() && !attr.contains('.') => Ok(Expr::Attr(attr.to_string())),
                        _ => Err(format!("unsupported term '{w}'")),
                    },
                }
            }
            _ => Err("expected a value".into()),
        }
    }
}

/// Parses an expression; `Err` says what is wrong.
pub fn parse(s: &str) -> Result<Expr, String> {
    let mut p = Parser { toks: lex(s)?, at: 0 };
    let e = p.or()?;
    match p.peek() {
        None => Ok(e),
        Some(t) => Err(format!("unexpected {t:?}")),
    }
}

impl Expr {
    /// Every `user.<attr>` the expression reads.
    pub fn attributes(&self, out: &mut Vec<String>) {
        match self {
            Expr::Attr(a) => out.push(a.clone()),
            Expr::Literal(_) => {}
            Expr::Not(e) => e.attributes(out),
            Expr::Eq(a, b, _) | Expr::And(a, b) | Expr::Or(a, b) | Expr::Call(_, a, b) => {
                a.attributes(out);
                b.attributes(out);
            }
        }
    }

    fn value(&self, profile: &Map<String, Value>) -> Value {
        match self {
            Expr::Attr(a) => profile.get(a).cloned().unwrap_or(Value::Null),
            Expr::Literal(v) => v.clone(),
            _ => Value::Bool(self.matches(profile)),
        }
    }

    pub fn matches(&self, profile: &Map<String, Value>) -> bool {
        match self {
            Expr::Eq(a, b, equal) => (a.value(profile) == b.value(profile)) == *equal,
            Expr::And(a, b) => a.matches(profile) && b.matches(profile),
            Expr::Or(a, b) => a.matches(profile) || b.matches(profile),
            Expr::Not(e) => !e.matches(profile),
            Expr::Call(f, a, b) => match (a.value(profile), b.value(profile)) {
                (Value::String(s), Value::String(t)) => match *f {
                    "String.stringContains" => s.contains(&t),
                    "String.startsWith" => s.starts_with(&t),
                    _ => s.ends_with(&t),
                },
                _ => false,
            },
            other => other.value(profile) == Value::Bool(true),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse;
    use serde_json::json;

    #[test]
    fn comparisons_and_functions_evaluate_against_the_profile() {
        let p = json!({"department": "Engineering", "title": "Staff Engineer", "city": "Paris"}).as_object().cloned().unwrap();
        for (expr, want) in [
            (r#"user.department=="Engineering""#, true),
            (r#"user.department != "Engineering""#, false),
            (r#"user.department == "Sales" or user.city == "Paris""#, true),
            (r#"user.department == "Engineering" AND String.stringContains(user.title, "Staff")"#, true),
            (r#"!(user.city == "Paris") || user.missing == "x""#, false),
            (r#"String.startsWith(user.title, "Staff") && String.endsWith(user.title, "neer")"#, true),
        ] {
            assert_eq!(parse(expr).unwrap().matches(&p), want, "{expr}");
        }
        assert!(parse("user.department ==").is_err());
        assert!(parse("group.name == \"x\"").is_err());
    }
}
