//! `property` filter expressions and `orderby`, as the Flow Service list calls take them.
//!
//! A filter is `<field><operator><value>`: `field` is a dotted path into the item
//! (`flowSpec.id`, `inheritedAttributes.baseConnection.id`), the operators are
//! `==`, `!=`, `<`, `<=`, `>`, `>=` and `~` (contains), and `value` is either a
//! double-quoted string (`name=="CRMToAEP"`) or a bare word, which compares as a
//! number against numeric fields (`createdAt>1589398667000`), as `true`/`false`
//! against booleans and as text otherwise. A field holding an array matches when
//! any element does (`sourceConnectionIds==<id>`).

use serde_json::Value;
use std::cmp::Ordering;

/// A comparison operator of a `property` filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `~`: the field's text contains the value.
    Contains,
}

/// The right-hand side of a filter.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// A double-quoted value: compared as text only.
    Quoted(String),
    /// A bare value: compared as a number, boolean, `null` or text, following the field.
    Bare(String),
}

/// One parsed `property` expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    /// The field path, split at dots.
    pub field: Vec<String>,
    /// The operator.
    pub op: Op,
    /// The value compared against.
    pub value: Literal,
}

const OPERATORS: [(&str, Op); 7] = [
    ("==", Op::Eq),
    ("!=", Op::Ne),
    ("<=", Op::Le),
    (">=", Op::Ge),
    ("<", Op::Lt),
    (">", Op::Gt),
    ("~", Op::Contains),
];

fn valid_field_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '@' | '$' | ':' | '-')
}

/// Splits a dotted field path; `None` when it is empty or has an empty segment.
pub fn parse_field(field: &str) -> Option<Vec<String>> {
    if field.is_empty() || !field.chars().all(valid_field_char) {
        return None;
    }
    let parts: Vec<String> = field.split('.').map(str::to_owned).collect();
    if parts.iter().any(String::is_empty) {
        return None;
    }
    Some(parts)
}

impl Filter {
    /// Parses `expr`; the error says what is wrong with it.
    pub fn parse(expr: &str) -> Result<Filter, String> {
        let at = expr
            .find(['=', '!', '<', '>', '~'])
            .ok_or_else(|| format!("filter {expr:?} has no operator (==, !=, <, <=, >, >=, ~)"))?;
        let (field, rest) = expr.split_at(at);
        let (token, op) = OPERATORS
            .iter()
            .find(|(tok, _)| rest.starts_with(tok))
            .copied()
            .ok_or_else(|| format!("filter {expr:?} has an unknown operator"))?;
        let field = parse_field(field.trim())
            .ok_or_else(|| format!("filter {expr:?} does not start with a field name"))?;
        let raw = rest[token.len()..].trim();
        let value = match raw.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
            Some(inner) if raw.len() >= 2 => Literal::Quoted(inner.replace("\\\"", "\"")),
            _ if raw.starts_with('"') => {
                return Err(format!("filter {expr:?} has an unterminated quoted value"))
            }
            _ => Literal::Bare(raw.to_owned()),
        };
        Ok(Filter { field, op, value })
    }

    /// Whether `item` passes this filter.
    pub fn matches(&self, item: &Value) -> bool {
        let found = lookup(item, &self.field);
        match self.op {
            Op::Ne => !found.is_some_and(|v| self.holds(v, Op::Eq)),
            _ => found.is_some_and(|v| self.holds(v, self.op)),
        }
    }

    fn holds(&self, v: &Value, op: Op) -> bool {
        if let Value::Array(items) = v {
            return items.iter().any(|e| self.holds(e, op));
        }
        let ordering = match (&self.value, v) {
            (Literal::Quoted(s), Value::String(f)) => Some((f.as_str(), s.as_str())),
            (Literal::Bare(s), Value::String(f)) => Some((f.as_str(), s.as_str())),
            _ => None,
        };
        if op == Op::Contains {
            return ordering.is_some_and(|(f, s)| f.contains(s));
        }
        let cmp = match (&self.value, v) {
            (_, Value::String(_)) => ordering.map(|(f, s)| f.cmp(s)),
            (Literal::Bare(s), Value::Number(n)) => match (n.as_f64(), s.parse::<f64>()) {
                (Some(a), Ok(b)) => a.partial_cmp(&b),
                _ => None,
            },
            (Literal::Bare(s), Value::Bool(b)) => match s.as_str() {
                "true" => Some(b.cmp(&true)),
                "false" => Some(b.cmp(&false)),
                _ => None,
            },
            (Literal::Bare(s), Value::Null) if s == "null" => Some(Ordering::Equal),
            _ => None,
        };
        cmp.is_some_and(|c| match op {
            Op::Eq => c == Ordering::Equal,
            Op::Ne => c != Ordering::Equal,
            Op::Lt => c == Ordering::Less,
            Op::Le => c != Ordering::Greater,
            Op::Gt => c == Ordering::Greater,
            Op::Ge => c != Ordering::Less,
            Op::Contains => false,
        })
    }
}

/// Follows a field path into `item`; numeric segments index arrays.
pub fn lookup<'a>(item: &'a Value, path: &[String]) -> Option<&'a Value> {
    path.iter().try_fold(item, |cur, seg| match cur {
        Value::Object(map) => map.get(seg),
        Value::Array(items) => seg.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    })
}

/// A sort order: a field path and a direction.
#[derive(Debug, Clone, PartialEq)]
pub struct Order {
    /// The field path, split at dots.
    pub field: Vec<String>,
    /// True for `-field`.
    pub descending: bool,
}

impl Order {
    /// Parses `createdAt`, `+createdAt` or `-createdAt`.
    pub fn parse(text: &str) -> Result<Order, String> {
        let (descending, field) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        let field = parse_field(field.trim())
            .ok_or_else(|| format!("orderby {text:?} is not a field name"))?;
        Ok(Order { field, descending })
    }

    /// The value `item` is sorted by (`Null` when it lacks the field).
    pub fn key_of(&self, item: &Value) -> Value {
        lookup(item, &self.field).cloned().unwrap_or(Value::Null)
    }
}

fn rank(v: &Value) -> u8 {
    match v {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Number(_) => 2,
        Value::String(_) => 3,
        Value::Array(_) => 4,
        Value::Object(_) => 5,
    }
}

/// A total order over JSON values used for sorting: null < booleans < numbers <
/// strings < arrays < objects; numbers by value, strings by bytes.
pub fn compare_values(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap_or(0.0), y.as_f64().unwrap_or(0.0));
            x.total_cmp(&y)
        }
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::Array(_), Value::Array(_)) | (Value::Object(_), Value::Object(_)) => {
            a.to_string().cmp(&b.to_string())
        }
        _ => rank(a).cmp(&rank(b)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn f(s: &str) -> Filter {
        Filter::parse(s).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn parses_the_documented_forms() {
        let x = f(r#"name=="CRMToAEP""#);
        assert_eq!(x.field, vec!["name"]);
        assert_eq!(x.op, Op::Eq);
        assert_eq!(x.value, Literal::Quoted("CRMToAEP".into()));
        let y = f("flowSpec.id==14518937-270c-4525-bdec-c2ba7cce3860");
        assert_eq!(y.field, vec!["flowSpec", "id"]);
        assert_eq!(f("createdAt>=5").op, Op::Ge);
        assert_eq!(f("createdAt<5").op, Op::Lt);
        assert_eq!(f("name~Orders").op, Op::Contains);
    }

    #[test]
    fn rejects_malformed_expressions() {
        assert!(Filter::parse("name").is_err());
        assert!(Filter::parse("==x").is_err());
        assert!(Filter::parse("na me==x").is_err());
        assert!(Filter::parse("a..b==x").is_err());
        assert!(Filter::parse(r#"name=="open"#).is_err());
        assert!(Filter::parse("name=x").is_err());
    }

    #[test]
    fn compares_by_the_fields_type() {
        let item = json!({
            "name": "CRMToAEP", "createdAt": 100, "enabled": true,
            "flowSpec": {"id": "abc"}, "ids": ["a", "b"]
        });
        assert!(f(r#"name=="CRMToAEP""#).matches(&item));
        assert!(f("name==CRMToAEP").matches(&item));
        assert!(!f(r#"name=="crmtoaep""#).matches(&item));
        assert!(f("name!=Other").matches(&item));
        assert!(f("createdAt>99").matches(&item));
        assert!(f("createdAt<=100").matches(&item));
        assert!(!f("createdAt<100").matches(&item));
        assert!(f("createdAt==100.0").matches(&item));
        assert!(!f(r#"createdAt=="100""#).matches(&item));
        assert!(f("enabled==true").matches(&item));
        assert!(f("flowSpec.id==abc").matches(&item));
        assert!(f("ids==b").matches(&item));
        assert!(f("name~RMTo").matches(&item));
        assert!(!f("missing==x").matches(&item));
        assert!(f("missing!=x").matches(&item));
    }

    #[test]
    fn orders_values() {
        let o = Order::parse("-createdAt").unwrap_or_else(|e| panic!("{e}"));
        assert!(o.descending);
        assert_eq!(o.key_of(&json!({"createdAt": 3})), json!(3));
        assert!(Order::parse("-").is_err());
        assert_eq!(compare_values(&json!(2), &json!(10)), Ordering::Less);
        assert_eq!(compare_values(&json!("b"), &json!("a")), Ordering::Greater);
        assert_eq!(compare_values(&Value::Null, &json!(0)), Ordering::Less);
    }
}
