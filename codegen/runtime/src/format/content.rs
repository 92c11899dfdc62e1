//! `contentEncoding` and `contentMediaType`: a string that carries encoded content.

/// Decodes standard base64 (RFC 4648, with `=` padding); `None` when it is not base64.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let bytes: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if bytes.len() % 4 != 0 {
        return None;
    }
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        })
    };
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    let chunks = bytes.chunks(4).count();
    for (i, chunk) in bytes.chunks(4).enumerate() {
        let pad = chunk.iter().rev().take_while(|b| **b == b'=').count();
        if pad > 2 || (pad > 0 && i + 1 != chunks) {
            return None;
        }
        let mut n = 0u32;
        for &c in &chunk[..4 - pad] {
            n = (n << 6) | value(c)?;
        }
        n <<= 6 * pad as u32;
        let decoded = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&decoded[..3 - pad]);
    }
    Some(out)
}

/// Whether `value` is content in `encoding` (only `base64` is checked; others pass) of
/// `media_type` (only `application/json` is checked; others pass).
pub fn content_is_valid(encoding: Option<&str>, media_type: Option<&str>, value: &str) -> bool {
    let decoded = match encoding {
        Some(e) if e.eq_ignore_ascii_case("base64") => match decode_base64(value) {
            Some(bytes) => bytes,
            None => return false,
        },
        _ => value.as_bytes().to_vec(),
    };
    match media_type {
        Some(m) if m.eq_ignore_ascii_case("application/json") => {
            serde_json::from_slice::<serde_json::Value>(&decoded).is_ok()
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_and_json_content() {
        assert_eq!(
            decode_base64("eyJmb28iOiAiYmFyIn0=").as_deref(),
            Some(&b"{\"foo\": \"bar\"}"[..])
        );
        assert_eq!(decode_base64("YQ==").as_deref(), Some(&b"a"[..]));
        assert!(decode_base64("eyJmb28iOi%iYmFyIn0=").is_none());
        assert!(decode_base64("YQ=").is_none());
        assert!(content_is_valid(
            Some("base64"),
            Some("application/json"),
            "eyJmb28iOiAiYmFyIn0="
        ));
        assert!(!content_is_valid(None, Some("application/json"), "{:}"));
        assert!(content_is_valid(None, Some("text/plain"), "{:}"));
    }
}
