//! Format assertions for the draft-07 `format` keyword.
//!
//! Each format family has one checker below; [`is_valid`] dispatches on the name. Dates and
//! times follow RFC 3339, URIs and IRIs RFC 3986/3987, URI templates RFC 6570, JSON pointers
//! RFC 6901 and its relative variant, e-mail addresses RFC 5321 (RFC 6531 for `idn-email`).
//! Host names follow RFC 1123; internationalized names, and A-labels (`xn--...`) in plain host
//! names, get a pragmatic IDNA 2008 check (module `idna`): Punycode round trip, the code point
//! categories that make up PVALID, the contextual rules and the Bidi rule, with Unicode
//! properties answered by the regex engine's tables.

mod content;
mod idna;

pub use content::{content_is_valid, decode_base64};

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::pattern;

type Check = fn(&str) -> bool;

/// Every known format and its checker.
const FORMATS: &[(&str, Check)] = &[
    ("date-time", date_time),
    ("date", date),
    ("time", time),
    ("email", |s| email(s, false)),
    ("idn-email", |s| email(s, true)),
    ("hostname", |s| idna::hostname(s, false)),
    ("idn-hostname", |s| idna::hostname(s, true)),
    ("ipv4", |s| s.parse::<Ipv4Addr>().is_ok()),
    ("ipv6", |s| s.parse::<Ipv6Addr>().is_ok()),
    ("uri", |s| uri(s, true, false)),
    ("uri-reference", |s| uri(s, false, false)),
    ("iri", |s| uri(s, true, true)),
    ("iri-reference", |s| uri(s, false, true)),
    ("uri-template", uri_template),
    ("json-pointer", json_pointer),
    ("relative-json-pointer", relative_json_pointer),
    ("regex", |s| pattern::compile(s).is_ok()),
    // A UI hint (used by Adobe specs, among others), not a constraint.
    ("password", |_| true),
];

/// Whether flowgen knows how to check `format` (names of draft-07 formats).
pub fn is_known(format: &str) -> bool {
    FORMATS.iter().any(|(name, _)| *name == format)
}

/// Whether `value` is a valid instance of `format`; unknown formats answer true.
pub fn is_valid(format: &str, value: &str) -> bool {
    FORMATS
        .iter()
        .find(|(name, _)| *name == format)
        .map_or(true, |(_, check)| check(value))
}

/// The number written with exactly the digits of `text` (ASCII only, at least one).
fn digits(text: Option<&str>) -> Option<u32> {
    let text = text.filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))?;
    text.parse().ok()
}

/// RFC 3339 `full-date`: `YYYY-MM-DD`, a real calendar day.
fn date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Some(year), Some(month), Some(day)) =
        (digits(s.get(..4)), digits(s.get(5..7)), digits(s.get(8..)))
    else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// RFC 3339 `full-time`: `HH:MM:SS[.frac](Z|±HH:MM)`; second 60 only at 23:59 UTC.
fn time(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 9 || b[2] != b':' || b[5] != b':' {
        return false;
    }
    let (Some(hour), Some(minute), Some(second)) =
        (digits(s.get(..2)), digits(s.get(3..5)), digits(s.get(6..8)))
    else {
        return false;
    };
    let mut offset = s.get(8..).unwrap_or_default();
    if let Some(fraction) = offset.strip_prefix('.') {
        let len = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if len == 0 {
            return false;
        }
        offset = &fraction[len..];
    }
    let offset_minutes = match offset.as_bytes() {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (Some(h), Some(m)) = (digits(offset.get(1..3)), digits(offset.get(4..))) else {
                return false;
            };
            if h > 23 || m > 59 {
                return false;
            }
            let minutes = i64::from(h * 60 + m);
            if *sign == b'-' {
                -minutes
            } else {
                minutes
            }
        }
        _ => return false,
    };
    let utc_minute = (i64::from(hour * 60 + minute) - offset_minutes).rem_euclid(24 * 60);
    hour <= 23 && minute <= 59 && (second <= 59 || (second == 60 && utc_minute == 23 * 60 + 59))
}

/// RFC 3339 `date-time`: `full-date "T" full-time` (`T` in either case).
fn date_time(s: &str) -> bool {
    matches!(s.as_bytes().get(10), Some(b'T' | b't'))
        && s.get(..10).is_some_and(date)
        && s.get(11..).is_some_and(time)
}

/// RFC 5321 mailbox: dot-atom or quoted local part, then a host name or address literal.
/// With `idn`, non-ASCII characters are allowed in the local part and the domain (RFC 6531).
fn email(s: &str, idn: bool) -> bool {
    let extra = |c: char| idn && !c.is_ascii();
    let (local_ok, local, domain) = match s.strip_prefix('"') {
        Some(quoted) => {
            let mut escaped = false;
            let end = quoted.char_indices().find(|&(_, c)| {
                let close = c == '"' && !escaped;
                escaped = c == '\\' && !escaped;
                close
            });
            let Some((end, _)) = end else { return false };
            let content = &quoted[..end];
            let ok = content.chars().all(|c| matches!(c, ' '..='~') || extra(c));
            (ok, &s[..end + 2], quoted[end + 1..].strip_prefix('@'))
        }
        None => {
            let Some((local, domain)) = s.split_once('@') else {
                return false;
            };
            let atext = |c: char| {
                c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c) || extra(c)
            };
            let ok = local
                .split('.')
                .all(|atom| !atom.is_empty() && atom.chars().all(atext));
            (ok, local, Some(domain))
        }
    };
    let Some(domain) = domain else { return false };
    let domain_ok = match domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        Some(literal) => match literal.strip_prefix("IPv6:") {
            Some(v6) => v6.parse::<Ipv6Addr>().is_ok(),
            None => literal.parse::<Ipv4Addr>().is_ok(),
        },
        None => idna::hostname(domain, idn),
    };
    local_ok && local.len() <= 64 && domain_ok
}

/// RFC 3986 URI (or URI reference when `!absolute`); RFC 3987 IRI when `iri`.
fn uri(s: &str, absolute: bool, iri: bool) -> bool {
    let (rest, fragment) = s.split_once('#').map_or((s, None), |(r, f)| (r, Some(f)));
    let (rest, query) = rest
        .split_once('?')
        .map_or((rest, None), |(r, q)| (r, Some(q)));
    let (scheme, rest) = match rest.split_once(':') {
        // A colon before any slash ends a scheme (a relative path's first segment has none).
        Some((scheme, tail)) if !scheme.contains('/') => (Some(scheme), tail),
        _ => (None, rest),
    };
    let scheme_ok = match scheme {
        Some(scheme) => {
            let mut chars = scheme.chars();
            chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => !absolute,
    };
    let path = match rest.strip_prefix("//") {
        Some(after) => {
            let end = after.find('/').unwrap_or(after.len());
            if !authority(&after[..end], iri) {
                return false;
            }
            &after[end..]
        }
        None => rest,
    };
    scheme_ok
        && path
            .split('/')
            .all(|segment| component(segment, iri, ":@", false))
        && query.map_or(true, |q| component(q, iri, ":@/?", iri))
        && fragment.map_or(true, |f| component(f, iri, ":@/?", false))
}

/// `[userinfo "@"] host [":" port]`, where host is an IP literal, IPv4 or a reg-name.
fn authority(authority: &str, iri: bool) -> bool {
    let (userinfo, host_port) = authority
        .split_once('@')
        .map_or((None, authority), |(u, h)| (Some(u), h));
    let (host_ok, port) = match host_port.strip_prefix('[') {
        Some(literal) => {
            let Some((host, after)) = literal.split_once(']') else {
                return false;
            };
            (
                ip_literal(host),
                if after.is_empty() {
                    Some("")
                } else {
                    after.strip_prefix(':')
                },
            )
        }
        None => {
            let (host, port) = host_port
                .split_once(':')
                .map_or((host_port, ""), |(h, p)| (h, p));
            (component(host, iri, "", false), Some(port))
        }
    };
    host_ok
        && port.is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))
        && userinfo.map_or(true, |u| component(u, iri, ":", false))
}

/// IPv6 address or `v<hex>.<unreserved / sub-delims / ":">` (IPvFuture).
fn ip_literal(host: &str) -> bool {
    match host
        .strip_prefix(['v', 'V'])
        .and_then(|f| f.split_once('.'))
    {
        Some((version, rest)) => {
            !version.is_empty()
                && version.bytes().all(|b| b.is_ascii_hexdigit())
                && !rest.is_empty()
                && rest.chars().all(|c| unreserved_or_sub_delim(c) || c == ':')
        }
        None => host.parse::<Ipv6Addr>().is_ok(),
    }
}

fn unreserved_or_sub_delim(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=".contains(c)
}

/// RFC 3987 `ucschar`, and `iprivate` when `private`.
fn iri_char(c: char, private: bool) -> bool {
    let plane_offset = u32::from(c) & 0xFFFF;
    match u32::from(c) {
        0xA0..=0xD7FF | 0xF900..=0xFDCF | 0xFDF0..=0xFFEF => true,
        0xE000..=0xF8FF => private,
        0x10000..=0xEFFFF => {
            plane_offset <= 0xFFFD && (u32::from(c) < 0xE0000 || plane_offset >= 0x1000)
        }
        0xF0000..=0x10FFFF => private && plane_offset <= 0xFFFD,
        _ => false,
    }
}

/// Whether `text` consists of unreserved, sub-delims, `extra` and percent-encoded octets,
/// plus `ucschar` (and `iprivate` with `private`) for IRIs.
fn component(text: &str, iri: bool, extra: &str, private: bool) -> bool {
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        let ok = match c {
            '%' => {
                chars.next().is_some_and(|h| h.is_ascii_hexdigit())
                    && chars.next().is_some_and(|h| h.is_ascii_hexdigit())
            }
            _ => unreserved_or_sub_delim(c) || extra.contains(c) || (iri && iri_char(c, private)),
        };
        if !ok {
            return false;
        }
    }
    true
}

/// RFC 6570 URI template: literals and `{[op]varspec,...}` expressions.
fn uri_template(s: &str) -> bool {
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let len = match c {
            '{' => match rest.find('}') {
                Some(end) if template_expression(&rest[1..end]) => end + 1,
                _ => return false,
            },
            '%' if rest
                .get(1..3)
                .is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit())) =>
            {
                3
            }
            '%' | '}' | '"' | '<' | '>' | '\\' | '^' | '`' | '|' => return false,
            _ if c <= ' ' || c == '\u{7f}' || (!c.is_ascii() && !iri_char(c, true)) => {
                return false
            }
            _ => c.len_utf8(),
        };
        rest = &rest[len..];
    }
    true
}

fn template_expression(body: &str) -> bool {
    let body = body
        .strip_prefix(['+', '#', '.', '/', ';', '?', '&'])
        .unwrap_or(body);
    body.split(',').all(|varspec| {
        let (name, max_length) = match varspec.strip_suffix('*') {
            Some(name) => (name, None),
            None => varspec
                .split_once(':')
                .map_or((varspec, None), |(n, m)| (n, Some(m))),
        };
        let max_ok = max_length.map_or(true, |m| {
            m.len() <= 4 && !m.starts_with('0') && digits(Some(m)).is_some()
        });
        let varchars = |part: &str| {
            !part.is_empty()
                && component(part, false, "", false)
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '%')
        };
        max_ok && name.split('.').all(varchars)
    })
}

/// RFC 6901: empty, or `/`-prefixed tokens where `~` is always followed by `0` or `1`.
fn json_pointer(s: &str) -> bool {
    (s.is_empty() || s.starts_with('/')) && s.split('~').skip(1).all(|t| t.starts_with(['0', '1']))
}

/// Relative JSON pointer: a non-negative integer, then `#` or a JSON pointer.
fn relative_json_pointer(s: &str) -> bool {
    let len = s.bytes().take_while(u8::is_ascii_digit).count();
    let (number, rest) = s.split_at(len);
    len > 0 && (number == "0" || !number.starts_with('0')) && (rest == "#" || json_pointer(rest))
}

#[cfg(test)]
mod tests;
