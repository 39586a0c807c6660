//! Okta's SCIM-like expression language for `filter` and `search`
//! (API-NOTES §5): `attr op value`, `attr pr`, `and`, `or`, `not`, parentheses.
//! Precedence: `not` > `and` > `or`. Each endpoint passes a [`Dialect`] saying
//! which attribute/operator pairs it supports and how strings compare.

use super::clock::parse_iso;
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    Sw,
    Ew,
    Co,
    Pr,
}

impl Op {
    fn parse(word: &str) -> Option<Op> {
        Some(match word.to_ascii_lowercase().as_str() {
            "eq" => Op::Eq,
            "ne" => Op::Ne,
            "gt" => Op::Gt,
            "ge" => Op::Ge,
            "lt" => Op::Lt,
            "le" => Op::Le,
            "sw" => Op::Sw,
            "ew" => Op::Ew,
            "co" => Op::Co,
            "pr" => Op::Pr,
            _ => return None,
        })
    }

    pub fn is_ordering(self) -> bool {
        matches!(self, Op::Gt | Op::Ge | Op::Lt | Op::Le)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `attr op value`; `value` is `Null` for `pr`.
    Cmp { attr: String, op: Op, value: Value },
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
}

/// What one endpoint accepts.
pub struct Dialect {
    pub allows: fn(attr: &str, op: Op) -> bool,
    pub allow_not: bool,
    /// `search` compares string values case-insensitively, `filter` does not.
    pub case_insensitive: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FilterError {
    /// Not a well-formed expression.
    Syntax(String),
    /// Well-formed, but an operator/attribute this endpoint does not support.
    Unsupported(String),
}

impl FilterError {
    pub fn message(&self) -> &str {
        match self {
            FilterError::Syntax(m) | FilterError::Unsupported(m) => m,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Open,
    Close,
    Word(String),
    Str(String),
}

fn tokenize(s: &str) -> Result<Vec<Tok>, FilterError> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' | ')' => {
                chars.next();
                out.push(if c == '(' { Tok::Open } else { Tok::Close });
            }
            '"' => {
                chars.next();
                let mut v = String::new();
                loop {
                    match chars.next() {
                        Some('\\') => v.push(chars.next().ok_or_else(|| FilterError::Syntax("dangling escape".into()))?),
                        Some('"') => break,
                        Some(ch) => v.push(ch),
                        None => return Err(FilterError::Syntax("unterminated string".into())),
                    }
                }
                out.push(Tok::Str(v));
            }
            _ => {
                let mut w = String::new();
                while let Some(&ch) = chars.peek() {
                    if ch.is_whitespace() || ch == '(' || ch == ')' || ch == '"' {
                        break;
                    }
                    w.push(ch);
                    chars.next();
                }
                out.push(Tok::Word(w));
            }
        }
    }
    Ok(out)
}

struct Parser<'a> {
    toks: Vec<Tok>,
    pos: usize,
    dialect: &'a Dialect,
}

impl Parser<'_> {
    fn peek_word(&self, word: &str) -> bool {
        matches!(self.toks.get(self.pos), Some(Tok::Word(w)) if w.eq_ignore_ascii_case(word))
    }

    fn or(&mut self) -> Result<Expr, FilterError> {
        let mut left = self.and()?;
        while self.peek_word("or") {
            self.pos += 1;
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, FilterError> {
        let mut left = self.unary()?;
        while self.peek_word("and") {
            self.pos += 1;
            left = Expr::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, FilterError> {
        if self.peek_word("not") {
            if !self.dialect.allow_not {
                return Err(FilterError::Unsupported("'not' is not supported".into()));
            }
            self.pos += 1;
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        let tok = self.toks.get(self.pos).cloned();
        self.pos += 1;
        match tok {
            Some(Tok::Open) => {
                let inner = self.or()?;
                match self.toks.get(self.pos) {
                    Some(Tok::Close) => {
                        self.pos += 1;
                        Ok(inner)
                    }
                    _ => Err(FilterError::Syntax("missing ')'".into())),
                }
            }
            Some(Tok::Word(attr)) => self.comparison(attr),
            other => Err(FilterError::Syntax(format!("unexpected {other:?}"))),
        }
    }

    fn comparison(&mut self, attr: String) -> Result<Expr, FilterError> {
        let op = match self.toks.get(self.pos) {
            Some(Tok::Word(w)) => Op::parse(w).ok_or_else(|| FilterError::Syntax(format!("unknown operator '{w}'")))?,
            _ => return Err(FilterError::Syntax(format!("operator expected after '{attr}'"))),
        };
        self.pos += 1;
        if !attr.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_') {
            return Err(FilterError::Syntax(format!("invalid attribute '{attr}'")));
        }
        if !(self.dialect.allows)(&attr, op) {
            return Err(FilterError::Unsupported(format!("operator {op:?} is not supported for '{attr}'")));
        }
        if op == Op::Pr {
            return Ok(Expr::Cmp { attr, op, value: Value::Null });
        }
        let value = match self.toks.get(self.pos) {
            Some(Tok::Str(s)) => Value::String(s.clone()),
            Some(Tok::Word(w)) => match w.to_ascii_lowercase().as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                "null" => Value::Null,
                _ => w
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
                    .ok_or_else(|| FilterError::Syntax(format!("invalid value '{w}'")))?,
            },
            _ => return Err(FilterError::Syntax(format!("value expected after '{attr}'"))),
        };
        self.pos += 1;
        Ok(Expr::Cmp { attr, op, value })
    }
}

pub fn parse(input: &str, dialect: &Dialect) -> Result<Expr, FilterError> {
    let mut p = Parser { toks: tokenize(input)?, pos: 0, dialect };
    let expr = p.or()?;
    if p.pos != p.toks.len() {
        return Err(FilterError::Syntax(format!("unexpected input after token {}", p.pos)));
    }
    Ok(expr)
}

/// Looks up a dotted attribute path (`profile.login`) in a JSON object.
pub fn resolve<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(v, |v, key| v.get(key)).filter(|v| !v.is_null())
}

/// Every value at a dotted path, descending into arrays on the way and
/// flattening array leaves (`target.id` over an array of targets).
fn resolve_all<'v>(v: &'v Value, path: &str) -> Vec<&'v Value> {
    let mut current = vec![v];
    for key in path.split('.') {
        current = current
            .into_iter()
            .flat_map(|v| match v {
                Value::Array(items) => items.iter().filter_map(|i| i.get(key)).collect::<Vec<_>>(),
                _ => v.get(key).into_iter().collect(),
            })
            .collect();
    }
    current
        .into_iter()
        .flat_map(|v| match v {
            Value::Array(items) => items.iter().collect::<Vec<_>>(),
            _ => vec![v],
        })
        .filter(|v| !v.is_null())
        .collect()
}

impl Expr {
    /// The first value compared with one of `date_attrs` that is not an
    /// ISO-8601 timestamp (Okta answers those with `E0000030`).
    pub fn invalid_date(&self, date_attrs: &[&str]) -> Option<String> {
        match self {
            Expr::And(a, b) | Expr::Or(a, b) => a.invalid_date(date_attrs).or_else(|| b.invalid_date(date_attrs)),
            Expr::Not(e) => e.invalid_date(date_attrs),
            Expr::Cmp { attr, op, value } if *op != Op::Pr && date_attrs.contains(&attr.as_str()) => {
                (!value.as_str().is_some_and(|v| parse_iso(v).is_some())).then(|| value.to_string())
            }
            Expr::Cmp { .. } => None,
        }
    }

    pub fn matches(&self, v: &Value, case_insensitive: bool) -> bool {
        match self {
            Expr::And(a, b) => a.matches(v, case_insensitive) && b.matches(v, case_insensitive),
            Expr::Or(a, b) => a.matches(v, case_insensitive) || b.matches(v, case_insensitive),
            Expr::Not(e) => !e.matches(v, case_insensitive),
            Expr::Cmp { attr, op, value } => {
                // An array attribute matches when any element does.
                let found = resolve_all(v, attr);
                match op {
                    _ if found.is_empty() => *op == Op::Ne,
                    Op::Pr => true,
                    _ => found.iter().any(|actual| compare(actual, *op, value, case_insensitive)),
                }
            }
        }
    }
}

fn compare(actual: &Value, op: Op, expected: &Value, ci: bool) -> bool {
    use std::cmp::Ordering;
    let ord: Option<Ordering> = match (actual, expected) {
        (Value::String(a), Value::String(b)) => match (parse_iso(a), parse_iso(b)) {
            (Some(x), Some(y)) => Some(x.cmp(&y)),
            _ => {
                let (a, b) = if ci { (a.to_lowercase(), b.to_lowercase()) } else { (a.clone(), b.clone()) };
                return match op {
                    Op::Sw => a.starts_with(&b),
                    Op::Ew => a.ends_with(&b),
                    Op::Co => a.contains(&b),
                    _ => cmp_holds(op, a.cmp(&b)),
                };
            }
        },
        (Value::Number(a), Value::Number(b)) => a.as_f64().zip(b.as_f64()).and_then(|(a, b)| a.partial_cmp(&b)),
        (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
        _ => None,
    };
    match ord {
        Some(o) => cmp_holds(op, o),
        None => op == Op::Ne,
    }
}

fn cmp_holds(op: Op, o: std::cmp::Ordering) -> bool {
    use std::cmp::Ordering::*;
    match op {
        Op::Eq => o == Equal,
        Op::Ne => o != Equal,
        Op::Gt => o == Greater,
        Op::Ge => o != Less,
        Op::Lt => o == Less,
        Op::Le => o != Greater,
        Op::Sw | Op::Ew | Op::Co | Op::Pr => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ANY: Dialect = Dialect { allows: |_, _| true, allow_not: true, case_insensitive: true };

    #[test]
    fn precedence_grouping_and_arrays() {
        let v = json!({"status": "ACTIVE", "profile": {"firstName": "Ada", "tags": ["x", "y"]}});
        let e = parse(r#"status eq "STAGED" or profile.firstName sw "a" and not (profile.tags eq "z")"#, &ANY).unwrap();
        assert!(e.matches(&v, true));
        assert!(!e.matches(&v, false));
        assert!(parse(r#"profile.tags eq "y""#, &ANY).unwrap().matches(&v, false));
        assert!(matches!(parse(r#"(status eq "A""#, &ANY), Err(FilterError::Syntax(_))));
        assert!(matches!(parse(r#"status eq "A" extra"#, &ANY), Err(FilterError::Syntax(_))));
    }

    #[test]
    fn dates_compare_as_instants() {
        let v = json!({"lastUpdated": "2024-01-02T00:00:00.000Z"});
        assert!(parse(r#"lastUpdated gt "2024-01-01T21:00:00.000-02:00""#, &ANY).unwrap().matches(&v, false));
    }
}
