//! The subset of the Okta Expression Language that event hook filters use (`events.filter`), e.g.
//! `event.target.?[type eq 'UserGroup' && displayName eq 'Sales'].size() > 0`: paths from `event`,
//! selections `.?[condition]` with `.size()`, literals, comparisons (`eq ne gt ge lt le == != > >= < <=`),
//! `&&`/`and`, `||`/`or`, `!`, parentheses. Anything else is refused when the hook is written.

use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num(f64),
    Op(&'static str),
    Dot,
    Select,
    Close,
    LParen,
    RParen,
}

#[derive(Debug, Clone)]
enum Expr {
    Lit(Value),
    /// A path; `from_event` when it starts at `event`, else relative to the selected element.
    Path { from_event: bool, steps: Vec<Step> },
    Cmp(Box<Expr>, &'static str, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
}

#[derive(Debug, Clone)]
enum Step {
    Field(String),
    Select(Expr),
    Size,
}

fn lex(s: &str) -> Result<Vec<Tok>, String> {
    let c: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        let two: String = c[i..(i + 2).min(c.len())].iter().collect();
        match ch {
            ' ' | '\t' | '\n' => i += 1,
            '\'' | '"' => {
                let end = c[i + 1..].iter().position(|&x| x == ch).ok_or("unterminated string")? + i + 1;
                out.push(Tok::Str(c[i + 1..end].iter().collect()));
                i = end + 1;
            }
            '(' => (out.push(Tok::LParen), i += 1).1,
            ')' => (out.push(Tok::RParen), i += 1).1,
            ']' => (out.push(Tok::Close), i += 1).1,
            '.' if two == ".?" => {
                if c.get(i + 2) != Some(&'[') {
                    return Err("`.?` must be followed by `[`".into());
                }
                out.push(Tok::Select);
                i += 3;
            }
            '.' => (out.push(Tok::Dot), i += 1).1,
            _ if ["&&", "||", "==", "!=", ">=", "<="].contains(&two.as_str()) => {
                out.push(Tok::Op(["&&", "||", "==", "!=", ">=", "<="].into_iter().find(|o| *o == two).unwrap()));
                i += 2;
            }
            '>' => (out.push(Tok::Op(">")), i += 1).1,
            '<' => (out.push(Tok::Op("<")), i += 1).1,
            '!' => (out.push(Tok::Op("!")), i += 1).1,
            _ if ch.is_ascii_digit() => {
                let end = c[i..].iter().position(|x| !(x.is_ascii_digit() || *x == '.')).map_or(c.len(), |p| p + i);
                out.push(Tok::Num(c[i..end].iter().collect::<String>().parse().map_err(|_| "bad number")?));
                i = end;
            }
            _ if ch.is_alphabetic() || ch == '_' => {
                let end = c[i..].iter().position(|x| !(x.is_alphanumeric() || *x == '_')).map_or(c.len(), |p| p + i);
                out.push(Tok::Ident(c[i..end].iter().collect()));
                i = end;
            }
            _ => return Err(format!("unexpected `{ch}`")),
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

    fn next(&mut self) -> Option<Tok> {
        self.at += 1;
        self.toks.get(self.at - 1).cloned()
    }

    fn word(&self, words: &[&str]) -> Option<&'static str> {
        let w = match self.peek()? {
            Tok::Op(o) => *o,
            Tok::Ident(w) => match w.to_ascii_lowercase().as_str() {
                "and" => "&&",
                "or" => "||",
                "eq" => "==",
                "ne" => "!=",
                "gt" => ">",
                "ge" => ">=",
                "lt" => "<",
                "le" => "<=",
                _ => return None,
            },
            _ => return None,
        };
        words.contains(&w).then_some(w)
    }

    fn or(&mut self) -> Result<Expr, String> {
        let mut left = self.and()?;
        while self.word(&["||"]).is_some() {
            self.at += 1;
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut left = self.unary()?;
        while self.word(&["&&"]).is_some() {
            self.at += 1;
            left = Expr::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, String> {
        if self.word(&["!"]).is_some() {
            self.at += 1;
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        let left = self.operand()?;
        match self.word(&["==", "!=", ">", ">=", "<", "<="]) {
            Some(op) => {
                self.at += 1;
                Ok(Expr::Cmp(Box::new(left), op, Box::new(self.operand()?)))
            }
            None => Ok(left),
        }
    }

    fn operand(&mut self) -> Result<Expr, String> {
        match self.next().ok_or("unexpected end")? {
            Tok::LParen => {
                let e = self.or()?;
                (self.next() == Some(Tok::RParen)).then_some(e).ok_or_else(|| "missing `)`".into())
            }
            Tok::Str(s) => Ok(Expr::Lit(Value::String(s))),
            Tok::Num(n) => Ok(Expr::Lit(serde_json::json!(n))),
            Tok::Ident(w) if w == "true" || w == "false" => Ok(Expr::Lit(Value::Bool(w == "true"))),
            Tok::Ident(w) if w == "null" => Ok(Expr::Lit(Value::Null)),
            Tok::Ident(first) => {
                let from_event = first == "event";
                let mut steps = if from_event { Vec::new() } else { vec![Step::Field(first)] };
                loop {
                    match self.peek() {
                        Some(Tok::Dot) => {
                            self.at += 1;
                            match self.next() {
                                Some(Tok::Ident(f)) if f == "size" => {
                                    if (self.next(), self.next()) != (Some(Tok::LParen), Some(Tok::RParen)) {
                                        return Err("`size` takes `()`".into());
                                    }
                                    steps.push(Step::Size);
                                }
                                Some(Tok::Ident(f)) => steps.push(Step::Field(f)),
                                _ => return Err("a field name must follow `.`".into()),
                            }
                        }
                        Some(Tok::Select) => {
                            self.at += 1;
                            let cond = self.or()?;
                            if self.next() != Some(Tok::Close) {
                                return Err("missing `]`".into());
                            }
                            steps.push(Step::Select(cond));
                        }
                        _ => break,
                    }
                }
                Ok(Expr::Path { from_event, steps })
            }
            t => Err(format!("unexpected {t:?}")),
        }
    }
}

/// A parsed filter condition.
#[derive(Debug, Clone)]
pub(crate) struct Condition(Expr);

impl Condition {
    pub fn parse(text: &str) -> Result<Condition, String> {
        let mut p = Parser { toks: lex(text)?, at: 0 };
        let e = p.or()?;
        if p.at != p.toks.len() {
            return Err(format!("unexpected {:?}", p.toks[p.at]));
        }
        Ok(Condition(e))
    }

    /// Whether the event passes; anything that is not `true` does not.
    pub fn matches(&self, event: &Value) -> bool {
        eval(&self.0, event, event) == Value::Bool(true)
    }
}

fn eval(e: &Expr, event: &Value, here: &Value) -> Value {
    match e {
        Expr::Lit(v) => v.clone(),
        Expr::Path { from_event, steps } => {
            let mut v = if *from_event { event.clone() } else { here.clone() };
            for step in steps {
                v = match step {
                    Step::Field(f) => v.get(f).cloned().unwrap_or(Value::Null),
                    Step::Select(cond) => Value::Array(v.as_array().into_iter().flatten().filter(|x| eval(cond, event, x) == Value::Bool(true)).cloned().collect()),
                    Step::Size => serde_json::json!(v.as_array().map_or(0, Vec::len) as f64),
                };
            }
            v
        }
        Expr::Cmp(a, op, b) => {
            let (a, b) = (eval(a, event, here), eval(b, event, here));
            let ord = match (a.as_f64(), b.as_f64(), a.as_str(), b.as_str()) {
                (Some(x), Some(y), ..) => x.partial_cmp(&y),
                (_, _, Some(x), Some(y)) => Some(x.cmp(y)),
                _ => None,
            };
            use std::cmp::Ordering::*;
            Value::Bool(match *op {
                "==" => a == b || ord == Some(Equal),
                "!=" => !(a == b || ord == Some(Equal)),
                ">" => ord == Some(Greater),
                ">=" => matches!(ord, Some(Greater | Equal)),
                "<" => ord == Some(Less),
                _ => matches!(ord, Some(Less | Equal)),
            })
        }
        Expr::And(a, b) => Value::Bool(eval(a, event, here) == Value::Bool(true) && eval(b, event, here) == Value::Bool(true)),
        Expr::Or(a, b) => Value::Bool(eval(a, event, here) == Value::Bool(true) || eval(b, event, here) == Value::Bool(true)),
        Expr::Not(a) => Value::Bool(eval(a, event, here) != Value::Bool(true)),
    }
}

#[cfg(test)]
mod tests {
    use super::Condition;
    use serde_json::json;

    #[test]
    fn okta_filter_examples_select_targets() {
        let e = json!({"eventType": "group.user_membership.add", "actor": {"alternateId": "admin@example.com"},
            "target": [{"type": "User", "displayName": "Ada"}, {"type": "UserGroup", "displayName": "Sales"}]});
        let m = |x: &str| Condition::parse(x).unwrap().matches(&e);
        assert!(m("event.target.?[type eq 'UserGroup' && displayName eq 'Sales'].size() > 0"));
        assert!(!m("event.target.?[type eq 'UserGroup' && displayName eq 'Finance'].size()>0"));
        assert!(m("event.actor.alternateId == 'admin@example.com' or false"));
        assert!(m("!(event.target.?[type eq 'AppUser'].size() > 0)"));
        assert!(Condition::parse("event.target.?[type eq 'x'").is_err());
        assert!(Condition::parse("event.target ~ 3").is_err());
    }
}
