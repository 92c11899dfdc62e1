//! JSON Schema's view of JSON values: its seven types, equality where `1` equals `1.0`,
//! exact comparisons of numbers against bounds, and exact `multipleOf` on decimals.

use crate::instance::{Instance, Members};
use serde_json::{Number, Value};
use std::cmp::Ordering;
use std::fmt;

/// The seven types of JSON Schema's `type` keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum JsonType {
    /// `null`
    Null,
    /// `boolean`
    Boolean,
    /// `object`
    Object,
    /// `array`
    Array,
    /// `number` (integers included)
    Number,
    /// `string`
    String,
    /// `integer`: a number with no fractional part (`1.0` included)
    Integer,
}

impl JsonType {
    /// The keyword's spelling of this type.
    pub const fn as_str(self) -> &'static str {
        match self {
            JsonType::Null => "null",
            JsonType::Boolean => "boolean",
            JsonType::Object => "object",
            JsonType::Array => "array",
            JsonType::Number => "number",
            JsonType::String => "string",
            JsonType::Integer => "integer",
        }
    }

    /// Whether `value` is of this type.
    pub fn matches(self, value: &Value) -> bool {
        match self {
            JsonType::Null => value.is_null(),
            JsonType::Boolean => value.is_boolean(),
            JsonType::Object => value.is_object(),
            JsonType::Array => value.is_array(),
            JsonType::Number => value.is_number(),
            JsonType::String => value.is_string(),
            JsonType::Integer => is_integer(value),
        }
    }
}

impl fmt::Display for JsonType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether `value` is a number with no fractional part (so `1.0` is an integer, `1.5` not).
#[inline]
pub fn is_integer(value: &(impl Instance + ?Sized)) -> bool {
    value.as_number().is_some_and(number_is_integer)
}

/// Whether the number has no fractional part.
#[inline]
pub fn number_is_integer(n: &Number) -> bool {
    if n.is_i64() || n.is_u64() {
        return true;
    }
    n.as_f64()
        .is_some_and(|f| f.is_finite() && f.fract() == 0.0)
}

/// A numeric bound or divisor written in a schema.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Limit {
    /// A negative (or any signed) integer.
    Int(i64),
    /// A non-negative integer beyond `i64`.
    Uint(u64),
    /// A number with a fraction or an exponent.
    Float(f64),
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Limit::Int(i) => write!(f, "{i}"),
            Limit::Uint(u) => write!(f, "{u}"),
            Limit::Float(x) => write!(f, "{x}"),
        }
    }
}

/// An exact view of a JSON number or limit for comparison.
#[derive(Clone, Copy)]
enum Exact {
    Int(i128),
    Float(f64),
}

#[inline]
fn exact_number(n: &Number) -> Exact {
    if let Some(i) = n.as_i64() {
        Exact::Int(i128::from(i))
    } else if let Some(u) = n.as_u64() {
        Exact::Int(i128::from(u))
    } else {
        Exact::Float(n.as_f64().unwrap_or(f64::NAN))
    }
}

#[inline]
fn exact_limit(l: Limit) -> Exact {
    match l {
        Limit::Int(i) => Exact::Int(i128::from(i)),
        Limit::Uint(u) => Exact::Int(i128::from(u)),
        Limit::Float(f) => Exact::Float(f),
    }
}

/// Compares an integer with a float exactly (no rounding of the integer through `f64`).
fn cmp_int_float(i: i128, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    // Every f64 beyond ±2^127 is outside i128; compare by sign there.
    const LIMIT: f64 = 1.7014118346046923e38; // 2^127
    if f >= LIMIT {
        return Some(Ordering::Less);
    }
    if f < -LIMIT {
        return Some(Ordering::Greater);
    }
    let floor = f.floor();
    let fi = floor as i128;
    match i.cmp(&fi) {
        Ordering::Equal if f > floor => Some(Ordering::Less),
        o => Some(o),
    }
}

#[inline]
fn cmp_exact(a: Exact, b: Exact) -> Option<Ordering> {
    match (a, b) {
        (Exact::Int(x), Exact::Int(y)) => Some(x.cmp(&y)),
        (Exact::Int(x), Exact::Float(y)) => cmp_int_float(x, y),
        (Exact::Float(x), Exact::Int(y)) => cmp_int_float(y, x).map(Ordering::reverse),
        (Exact::Float(x), Exact::Float(y)) => x.partial_cmp(&y),
    }
}

/// Integers of at most this magnitude are exact in an `f64`.
const EXACT_IN_F64: u64 = 1 << 53;

/// Compares a number with a bound exactly.
#[inline]
pub fn compare(n: &Number, limit: Limit) -> Option<Ordering> {
    // The common cases without widening: both integers, or a float against an integer
    // bound that an `f64` holds exactly.
    match limit {
        Limit::Int(l) => {
            if let Some(i) = n.as_i64() {
                return Some(i.cmp(&l));
            }
            // Beyond `i64::MAX`, so above every `i64` bound.
            if n.is_u64() {
                return Some(Ordering::Greater);
            }
            if n.is_f64() && l.unsigned_abs() <= EXACT_IN_F64 {
                return n.as_f64().and_then(|f| f.partial_cmp(&(l as f64)));
            }
        }
        Limit::Float(l) if n.is_f64() => {
            return n.as_f64().and_then(|f| f.partial_cmp(&l));
        }
        _ => {}
    }
    compare_exact(n, limit)
}

/// The exact comparison behind [`compare`]: integers beyond `i64`, or bounds an `f64`
/// does not hold exactly. Kept out of line so the common cases inline into validators.
#[inline(never)]
fn compare_exact(n: &Number, limit: Limit) -> Option<Ordering> {
    cmp_exact(exact_number(n), exact_limit(limit))
}

/// `n >= limit`
#[inline]
pub fn ge(n: &Number, limit: Limit) -> bool {
    matches!(compare(n, limit), Some(Ordering::Greater | Ordering::Equal))
}

/// `n > limit`
#[inline]
pub fn gt(n: &Number, limit: Limit) -> bool {
    matches!(compare(n, limit), Some(Ordering::Greater))
}

/// `n <= limit`
#[inline]
pub fn le(n: &Number, limit: Limit) -> bool {
    matches!(compare(n, limit), Some(Ordering::Less | Ordering::Equal))
}

/// `n < limit`
#[inline]
pub fn lt(n: &Number, limit: Limit) -> bool {
    matches!(compare(n, limit), Some(Ordering::Less))
}

/// `n == limit`, exactly.
#[inline]
pub fn eq(n: &Number, limit: Limit) -> bool {
    matches!(compare(n, limit), Some(Ordering::Equal))
}

/// Equality of two numbers as mathematical values (`1 == 1.0`).
#[inline]
pub fn numbers_equal(a: &Number, b: &Number) -> bool {
    cmp_exact(exact_number(a), exact_number(b)) == Some(Ordering::Equal)
}

/// JSON Schema equality: numbers compare by value, objects regardless of key order,
/// arrays element-wise.
pub fn equal(a: &(impl Instance + ?Sized), b: &Value) -> bool {
    match (a.as_value(), a.as_object(), b) {
        (Some(a), _, _) => equal_values(a, b),
        (None, Some(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.members()
                    .all(|(k, v)| y.get(k).is_some_and(|w| equal_values(v, w)))
        }
        _ => false,
    }
}

fn equal_values(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => numbers_equal(x, y),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equal_values(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| equal_values(v, w)))
        }
        _ => a == b,
    }
}

/// Objects up to this many members are searched by comparing keys in order (see
/// [`instance::LINEAR_LOOKUP_MAX`](crate::instance::LINEAR_LOOKUP_MAX)).
pub use crate::instance::LINEAR_LOOKUP_MAX;

/// The member `name` of `object`, if present.
#[inline]
pub fn member<'v>(object: &'v (impl Members + ?Sized), name: &str) -> Option<&'v Value> {
    object.member(name)
}

/// Whether `object` has a member `name`.
#[inline]
pub fn has(object: &(impl Members + ?Sized), name: &str) -> bool {
    member(object, name).is_some()
}

/// Whether no two items are [`equal`].
pub fn all_unique(items: &[Value]) -> bool {
    // Scalars of the common kinds are checked with a hash set; anything else pairwise.
    if items.len() < 16
        || !items
            .iter()
            .all(|v| v.is_string() || v.is_boolean() || v.is_null())
    {
        for (i, a) in items.iter().enumerate() {
            if items[i + 1..].iter().any(|b| equal(a, b)) {
                return false;
            }
        }
        return true;
    }
    let mut seen = std::collections::HashSet::with_capacity(items.len());
    items.iter().all(|v| {
        seen.insert(match v {
            Value::String(s) => Some(s.as_str()),
            Value::Bool(true) => Some("\u{0}true"),
            Value::Bool(false) => Some("\u{0}false"),
            _ => None,
        })
    })
}

/// A decimal `mantissa × 10^exponent`, read from a number's shortest text form.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Decimal {
    mantissa: u128,
    exponent: i32,
}

fn decimal_of_text(text: &str) -> Option<Decimal> {
    let text = text.trim_start_matches('-');
    let (digits, exp) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], text[i + 1..].parse::<i32>().ok()?),
        None => (text, 0),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let all = format!("{int}{frac}");
    let all = all.trim_start_matches('0');
    let mantissa = if all.is_empty() {
        0
    } else {
        all.parse::<u128>().ok()?
    };
    let frac_len = i32::try_from(frac.len()).ok()?;
    Some(Decimal {
        mantissa,
        exponent: exp.checked_sub(frac_len)?,
    })
}

fn decimal_of_number(n: &Number) -> Option<Decimal> {
    if let Some(i) = n.as_i64() {
        return Some(Decimal {
            mantissa: u128::from(i.unsigned_abs()),
            exponent: 0,
        });
    }
    if let Some(u) = n.as_u64() {
        return Some(Decimal {
            mantissa: u128::from(u),
            exponent: 0,
        });
    }
    let f = n.as_f64()?;
    if !f.is_finite() {
        return None;
    }
    decimal_of_text(&format!("{:e}", f.abs()))
}

fn pow10_mod(mut exp: u32, modulus: u128) -> u128 {
    let mut result = 1 % modulus;
    let mut base = 10 % modulus;
    while exp > 0 {
        if exp & 1 == 1 {
            result = mul_mod(result, base, modulus);
        }
        base = mul_mod(base, base, modulus);
        exp >>= 1;
    }
    result
}

fn mul_mod(a: u128, b: u128, m: u128) -> u128 {
    // Both below m; multiply by doubling so nothing overflows even for m near 2^128.
    let (mut a, mut b, mut r) = (a % m, b, 0u128);
    while b > 0 {
        if b & 1 == 1 {
            r = add_mod(r, a, m);
        }
        a = add_mod(a, a, m);
        b >>= 1;
    }
    r
}

fn add_mod(a: u128, b: u128, m: u128) -> u128 {
    if a >= m - b {
        a - (m - b)
    } else {
        a + b
    }
}

fn pow10(exp: u32) -> Option<u128> {
    10u128.checked_pow(exp)
}

/// `multipleOf`, computed exactly on the decimal values as written (so `0.0075` is a
/// multiple of `0.0001`, and `1e308` a multiple of `0.5`).
pub fn is_multiple_of(n: &Number, divisor: Limit) -> bool {
    let d = match divisor {
        Limit::Int(i) => Decimal {
            mantissa: u128::from(i.unsigned_abs()),
            exponent: 0,
        },
        Limit::Uint(u) => Decimal {
            mantissa: u128::from(u),
            exponent: 0,
        },
        Limit::Float(f) => match decimal_of_text(&format!("{:e}", f.abs())) {
            Some(d) => d,
            None => return false,
        },
    };
    let Some(v) = decimal_of_number(n) else {
        return false;
    };
    if d.mantissa == 0 {
        return false;
    }
    if v.mantissa == 0 {
        return true;
    }
    // v / d = (mv / md) × 10^(ev - ed): an integer iff md divides mv × 10^(ev - ed)
    // when ev >= ed, or mv is divisible by md × 10^(ed - ev) otherwise.
    if v.exponent >= d.exponent {
        let shift = (v.exponent - d.exponent) as u32;
        mul_mod(
            v.mantissa % d.mantissa,
            pow10_mod(shift, d.mantissa),
            d.mantissa,
        ) == 0
    } else {
        let shift = (d.exponent - v.exponent) as u32;
        match pow10(shift).and_then(|p| p.checked_mul(d.mantissa)) {
            Some(m) => v.mantissa % m == 0,
            None => false,
        }
    }
}

/// The length of a string as JSON Schema counts it: in Unicode code points.
pub fn char_count(s: &str) -> u64 {
    s.chars().count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Map};

    fn num(v: Value) -> Number {
        match v {
            Value::Number(n) => n,
            _ => unreachable!("test helper takes numbers"),
        }
    }

    #[test]
    fn member_lookup_agrees_with_the_map_on_small_and_large_objects() {
        for size in [0usize, 1, 5, 16, 17, 40] {
            let object: Map<String, Value> =
                (0..size).map(|i| (format!("k{i}"), json!(i))).collect();
            for probe in ["k0", "k15", "k16", "k39", "missing", ""] {
                assert_eq!(member(&object, probe), object.get(probe), "{size} {probe}");
                assert_eq!(
                    has(&object, probe),
                    object.contains_key(probe),
                    "{size} {probe}"
                );
            }
        }
    }

    #[test]
    fn integers_include_whole_floats() {
        assert!(is_integer(&json!(1.0)));
        assert!(is_integer(&json!(-3)));
        assert!(!is_integer(&json!(1.5)));
        assert!(!is_integer(&json!("1")));
    }

    #[test]
    fn bounds_compare_exactly() {
        assert!(ge(&num(json!(15)), Limit::Int(15)));
        assert!(!ge(&num(json!(14.999)), Limit::Int(15)));
        assert!(gt(&num(json!(0.0001)), Limit::Int(0)));
        assert!(!gt(&num(json!(0)), Limit::Int(0)));
        assert!(lt(
            &num(json!(9007199254740992u64)),
            Limit::Uint(9007199254740993)
        ));
        assert!(le(&num(json!(-1.5)), Limit::Float(-1.5)));
    }

    #[test]
    fn fast_comparisons_agree_with_the_exact_path() {
        let numbers = [
            json!(0),
            json!(-0.0),
            json!(0.5),
            json!(-1),
            json!(15),
            json!(14.999999999999998),
            json!(9007199254740992i64),
            json!(9007199254740993i64),
            json!(9007199254740992.0),
            json!(-9007199254740993i64),
            json!(i64::MAX),
            json!(i64::MAX as u64 + 1),
            json!(u64::MAX),
            json!(1e300),
            json!(-1e300),
        ];
        let limits = [
            Limit::Int(0),
            Limit::Int(15),
            Limit::Int(-1),
            Limit::Int(9007199254740992),
            Limit::Int(9007199254740993),
            Limit::Int(-9007199254740993),
            Limit::Int(i64::MAX),
            Limit::Int(i64::MIN),
            Limit::Uint(u64::MAX),
            Limit::Float(0.5),
            Limit::Float(-1e300),
            Limit::Float(9007199254740992.0),
        ];
        for n in &numbers {
            let n = num(n.clone());
            for &l in &limits {
                let exact = cmp_exact(exact_number(&n), exact_limit(l));
                assert_eq!(compare(&n, l), exact, "{n} vs {l}");
            }
        }
    }

    #[test]
    fn equality_is_by_value() {
        assert!(equal(&json!(1), &json!(1.0)));
        assert!(equal(&json!({"a": [1, 2.0]}), &json!({"a": [1.0, 2]})));
        assert!(!equal(&json!(false), &json!(0)));
        assert!(!all_unique(&[json!({"a": 1}), json!({"a": 1.0})]));
        assert!(all_unique(&[json!([1]), json!([true])]));
    }

    #[test]
    fn multiple_of_is_exact() {
        assert!(is_multiple_of(&num(json!(0.0075)), Limit::Float(0.0001)));
        assert!(!is_multiple_of(&num(json!(0.00751)), Limit::Float(0.0001)));
        assert!(is_multiple_of(&num(json!(1e308)), Limit::Float(0.5)));
        assert!(is_multiple_of(&num(json!(10)), Limit::Int(2)));
        assert!(!is_multiple_of(&num(json!(7)), Limit::Int(2)));
        assert!(is_multiple_of(&num(json!(4.5)), Limit::Float(1.5)));
        assert!(!is_multiple_of(&num(json!(35)), Limit::Float(1.5)));
        assert!(!is_multiple_of(
            &num(json!(1e308)),
            Limit::Float(0.123456789)
        ));
    }
}
