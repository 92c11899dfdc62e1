//! List queries of the Flow Service: `property`, `orderby`, `limit`,
//! `continuationToken` and `count`, and the `{items, _links.next.href, count}` envelope.
//!
//! Continuation tokens are keyset cursors: they hold the sort key and insertion
//! number of the last item of the page, so items created or deleted between two
//! page requests never make a later page repeat or skip an item that was there
//! all along.

use crate::errors::ApiError;
use crate::filters::{compare_values, Filter, Order};
use serde_json::{json, Value};
use std::cmp::Ordering;

/// Page size when `limit` is absent.
pub const DEFAULT_LIMIT: usize = 20;
/// Largest page size; larger `limit` values are lowered to it.
pub const MAX_LIMIT: usize = 100;

const ERR: &str = "FLOW-1101";

/// A parsed list query.
#[derive(Debug, Clone)]
pub struct ListQuery {
    filters: Vec<Filter>,
    order: Option<Order>,
    limit: usize,
    after: Option<(Value, u64)>,
    count: bool,
    /// The query's pairs other than `continuationToken`, kept for `_links.next.href`.
    carried: Vec<(String, String)>,
}

fn hex_encode(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hex_decode(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| {
            text.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect()
}

fn encode_token(key: &Value, seq: u64) -> String {
    hex_encode(json!([key, seq]).to_string().as_bytes())
}

fn decode_token(token: &str) -> Option<(Value, u64)> {
    let bytes = hex_decode(token)?;
    match serde_json::from_slice::<Value>(&bytes).ok()? {
        Value::Array(mut parts) if parts.len() == 2 => {
            let seq = parts.pop()?.as_u64()?;
            let key = parts.pop()?;
            Some((key, seq))
        }
        _ => None,
    }
}

impl ListQuery {
    /// Parses a raw (still percent-encoded) query string.
    pub fn parse(raw_query: Option<&str>) -> Result<ListQuery, ApiError> {
        let mut q = ListQuery {
            filters: Vec::new(),
            order: None,
            limit: DEFAULT_LIMIT,
            after: None,
            count: false,
            carried: Vec::new(),
        };
        let pairs = form_urlencoded::parse(raw_query.unwrap_or("").as_bytes());
        for (k, v) in pairs {
            match k.as_ref() {
                "property" => {
                    let f = Filter::parse(&v)
                        .map_err(|e| ApiError::bad_request(ERR, format!("property: {e}")))?;
                    q.filters.push(f);
                }
                "orderby" => {
                    let o = Order::parse(&v).map_err(|e| ApiError::bad_request(ERR, e))?;
                    q.order = Some(o);
                }
                "limit" => {
                    let n = v.parse::<usize>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                        ApiError::bad_request(
                            ERR,
                            format!("limit must be a positive integer, got {v:?}"),
                        )
                    })?;
                    q.limit = n.min(MAX_LIMIT);
                }
                "count" => {
                    q.count = match v.as_ref() {
                        "true" => true,
                        "false" => false,
                        other => {
                            return Err(ApiError::bad_request(
                                ERR,
                                format!("count must be true or false, got {other:?}"),
                            ))
                        }
                    };
                }
                "continuationToken" => {
                    let after = decode_token(&v).ok_or_else(|| {
                        ApiError::bad_request(ERR, format!("continuationToken {v:?} is not valid"))
                    })?;
                    q.after = Some(after);
                    continue;
                }
                _ => {}
            }
            q.carried.push((k.into_owned(), v.into_owned()));
        }
        Ok(q)
    }

    /// Whether `item` passes every `property` filter.
    pub fn matches(&self, item: &Value) -> bool {
        self.filters.iter().all(|f| f.matches(item))
    }

    fn key(&self, item: &Value) -> Value {
        self.order.as_ref().map_or(Value::Null, |o| o.key_of(item))
    }

    fn cmp(&self, a: (&Value, u64), b: (&Value, u64)) -> Ordering {
        let by_key = compare_values(a.0, b.0).then(a.1.cmp(&b.1));
        match &self.order {
            Some(o) if o.descending => by_key.reverse(),
            _ => by_key,
        }
    }

    /// Filters, sorts and pages `items` (each with its insertion number) and
    /// builds the envelope. `route` is the list path relative to the service root,
    /// e.g. `/flows`, used in `_links.next.href`.
    pub fn respond(&self, route: &str, items: Vec<(u64, Value)>) -> Value {
        let mut keyed: Vec<(Value, u64, Value)> = items
            .into_iter()
            .filter(|(_, item)| self.matches(item))
            .map(|(seq, item)| (self.key(&item), seq, item))
            .collect();
        keyed.sort_by(|a, b| self.cmp((&a.0, a.1), (&b.0, b.1)));
        let total = keyed.len();
        let start = match &self.after {
            Some((key, seq)) => keyed
                .iter()
                .position(|(k, s, _)| self.cmp((k, *s), (key, *seq)) == Ordering::Greater)
                .unwrap_or(total),
            None => 0,
        };
        let mut page: Vec<(Value, u64, Value)> = keyed.into_iter().skip(start).collect();
        let more = page.len() > self.limit;
        page.truncate(self.limit);
        let mut links = serde_json::Map::new();
        if more {
            if let Some((key, seq, _)) = page.last() {
                let mut ser = form_urlencoded::Serializer::new(String::new());
                for (k, v) in &self.carried {
                    ser.append_pair(k, v);
                }
                ser.append_pair("continuationToken", &encode_token(key, *seq));
                let href = format!("{route}?{}", ser.finish());
                links.insert("next".into(), json!({ "href": href }));
            }
        }
        let items: Vec<Value> = page.into_iter().map(|(_, _, item)| item).collect();
        let mut env = json!({ "items": items, "_links": links });
        if self.count {
            if let Some(obj) = env.as_object_mut() {
                obj.insert("count".into(), json!(total));
            }
        }
        env
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(n: u64) -> Vec<(u64, Value)> {
        (0..n)
            .map(|i| {
                (
                    i,
                    json!({"id": format!("i{i}"), "createdAt": 1000 - i as i64 % 3}),
                )
            })
            .collect()
    }

    fn ids(env: &Value) -> Vec<String> {
        env["items"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|i| i["id"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn next_query(env: &Value) -> Option<String> {
        env["_links"]["next"]["href"]
            .as_str()
            .and_then(|h| h.split_once('?').map(|(_, q)| q.to_owned()))
    }

    fn parse(q: &str) -> ListQuery {
        ListQuery::parse(Some(q)).unwrap_or_else(|e| panic!("{:?}", e.body_json()))
    }

    #[test]
    fn pages_follow_each_other_without_gaps_or_repeats() {
        let mut q = parse("limit=3&orderby=-createdAt&count=true");
        let mut seen = Vec::new();
        for _ in 0..10 {
            let env = q.respond("/flows", items(8));
            assert_eq!(env["count"], 8);
            seen.extend(ids(&env));
            match next_query(&env) {
                Some(next) => {
                    assert!(next.contains("orderby=-createdAt"));
                    q = parse(&next);
                }
                None => break,
            }
        }
        let mut sorted = seen.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(seen.len(), 8);
        assert_eq!(sorted.len(), 8);
        // -createdAt: createdAt 1000 first, later insertions (newer) before earlier ones.
        assert_eq!(&seen[..3], &["i6", "i3", "i0"]);
    }

    #[test]
    fn filters_apply_before_paging() {
        let q = parse("property=createdAt%3E998&limit=100");
        let env = q.respond("/flows", items(6));
        assert_eq!(ids(&env), vec!["i0", "i1", "i3", "i4"]);
        assert!(env["_links"].get("next").is_none());
        assert!(env.get("count").is_none());
    }

    #[test]
    fn bad_parameters_are_400() {
        for bad in [
            "limit=0",
            "limit=x",
            "count=yes",
            "continuationToken=zz",
            "property=name",
            "orderby=-",
        ] {
            let e = ListQuery::parse(Some(bad)).err();
            assert_eq!(e.map(|e| e.status().as_u16()), Some(400), "{bad}");
        }
    }

    #[test]
    fn tokens_round_trip() {
        let t = encode_token(&json!("a\"b"), 7);
        assert_eq!(decode_token(&t), Some((json!("a\"b"), 7)));
        assert_eq!(decode_token("0"), None);
    }
}
