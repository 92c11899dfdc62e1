//! Host names: RFC 1123 labels, and a pragmatic IDNA 2008 (RFC 5891-5893) check for
//! internationalized labels and A-labels.
//!
//! IDNA's derived property tables are approximated from Unicode general categories and
//! scripts, which the regex engine already carries: a code point is PVALID when it is a
//! lowercase or other letter, a modifier letter, a non-spacing or spacing mark or a decimal
//! digit, apart from RFC 5892's exceptions. Normalization (NFC, NFKC case folding) is not
//! checked.

use crate::pattern::Pattern;

static MARK: Pattern = Pattern::new(r"^\p{M}$");
static NON_SPACING: Pattern = Pattern::new(r"^[\p{Mn}\p{Me}]$");
static LETTER_OR_DIGIT: Pattern = Pattern::new(r"^[\p{Ll}\p{Lo}\p{Lm}\p{Mn}\p{Mc}\p{Nd}]$");
static GREEK: Pattern = Pattern::new(r"^\p{Greek}$");
static HEBREW: Pattern = Pattern::new(r"^\p{Hebrew}$");
static JAPANESE: Pattern = Pattern::new(r"[\p{Hiragana}\p{Katakana}\p{Han}]");
/// Scripts written right to left: Bidi class R, and AL for the Arabic-like ones.
static RIGHT_TO_LEFT: Pattern =
    Pattern::new(r"^[\p{Hebrew}\p{Nko}\p{Samaritan}\p{Mandaic}\p{Adlam}]$");
static ARABIC_LETTER: Pattern = Pattern::new(r"^[\p{Arabic}\p{Syriac}\p{Thaana}]$");
/// Letters of the scripts that join (Joining_Type D, or R when in [`RIGHT_JOINING`]).
static JOINING: Pattern =
    Pattern::new(r"^(?=\p{L})[\p{Arabic}\p{Syriac}\p{Nko}\p{Mongolian}\p{Mandaic}\p{Adlam}]$");

/// RFC 5892 exceptions that are PVALID although their category is not.
const PVALID: &[char] = &[
    '\u{df}', '\u{3c2}', '\u{6fd}', '\u{6fe}', '\u{f0b}', '\u{3007}',
];
/// RFC 5892 exceptions that are DISALLOWED although their category is valid.
const DISALLOWED: &[char] = &[
    '\u{640}', '\u{7fa}', '\u{302e}', '\u{302f}', '\u{3031}', '\u{3032}', '\u{3033}', '\u{3034}',
    '\u{3035}', '\u{303b}',
];
/// Code points with Canonical_Combining_Class Virama (Basic Multilingual Plane).
const VIRAMA: &[char] = &[
    '\u{94d}', '\u{9cd}', '\u{a4d}', '\u{acd}', '\u{b4d}', '\u{bcd}', '\u{c4d}', '\u{ccd}',
    '\u{d3b}', '\u{d3c}', '\u{d4d}', '\u{dca}', '\u{e3a}', '\u{eba}', '\u{f84}', '\u{1039}',
    '\u{103a}', '\u{1714}', '\u{1715}', '\u{1734}', '\u{17d2}', '\u{1a60}', '\u{1b44}', '\u{1baa}',
    '\u{1bab}', '\u{1bf2}', '\u{1bf3}', '\u{2d7f}', '\u{a806}', '\u{a82c}', '\u{a8c4}', '\u{a953}',
    '\u{a9c0}', '\u{aaf6}', '\u{abed}',
];
/// Arabic and Syriac letters that join only to the right (Joining_Type R).
const RIGHT_JOINING: &[(char, char)] = &[
    ('\u{622}', '\u{625}'),
    ('\u{627}', '\u{627}'),
    ('\u{629}', '\u{629}'),
    ('\u{62f}', '\u{632}'),
    ('\u{648}', '\u{648}'),
    ('\u{671}', '\u{673}'),
    ('\u{675}', '\u{677}'),
    ('\u{688}', '\u{699}'),
    ('\u{6c0}', '\u{6c0}'),
    ('\u{6c3}', '\u{6cb}'),
    ('\u{6cd}', '\u{6cd}'),
    ('\u{6cf}', '\u{6cf}'),
    ('\u{6d2}', '\u{6d3}'),
    ('\u{6d5}', '\u{6d5}'),
    ('\u{6ee}', '\u{6ef}'),
    ('\u{710}', '\u{710}'),
    ('\u{715}', '\u{719}'),
    ('\u{71e}', '\u{71e}'),
    ('\u{728}', '\u{728}'),
    ('\u{72a}', '\u{72a}'),
    ('\u{72c}', '\u{72c}'),
    ('\u{72f}', '\u{72f}'),
    ('\u{74d}', '\u{74d}'),
];
const ARABIC_INDIC: std::ops::RangeInclusive<char> = '\u{660}'..='\u{669}';
const EXTENDED_ARABIC_INDIC: std::ops::RangeInclusive<char> = '\u{6f0}'..='\u{6f9}';

fn is(class: &Pattern, c: char) -> bool {
    class.is_match(c.encode_utf8(&mut [0; 4]))
}

/// Whether `name` is a valid host name; with `idn`, U-labels and the ideographic full stops
/// are accepted too (A-labels are checked in both cases).
pub(super) fn hostname(name: &str, idn: bool) -> bool {
    let separators: &[char] = if idn {
        &['.', '\u{3002}', '\u{ff0e}', '\u{ff61}']
    } else {
        &['.']
    };
    let mut labels = Vec::new();
    let mut length = 0;
    for label in name.split(separators) {
        let Some((unicode, ascii_len)) = label_forms(label, idn) else {
            return false;
        };
        length += ascii_len + 1;
        labels.push(unicode);
    }
    length - 1 <= 253 && bidi_rule(&labels)
}

/// A label's Unicode form and the length of its ASCII form, if the label is valid.
fn label_forms(label: &str, idn: bool) -> Option<(String, usize)> {
    let (unicode, ascii_len) = if !label.is_ascii() {
        (label.to_owned(), 4 + encode(label).filter(|_| idn)?.len())
    } else if label.get(2..4) == Some("--") && label.get(..2)?.eq_ignore_ascii_case("xn") {
        let unicode = decode(&label[4..]).filter(|u| !u.is_ascii())?;
        // The A-label must be the canonical encoding of its U-label.
        encode(&unicode).filter(|a| a.eq_ignore_ascii_case(&label[4..]))?;
        (unicode, label.len())
    } else {
        // RFC 1123: letters, digits and inner hyphens.
        let ldh = label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
        let valid = ldh
            && !label.starts_with('-')
            && !label.ends_with('-')
            && (1..=63).contains(&label.len());
        return valid.then(|| (label.to_owned(), label.len()));
    };
    let valid = (1..=63).contains(&ascii_len) && u_label(&unicode);
    valid.then_some((unicode, ascii_len))
}

/// RFC 5891 section 5.4 label checks, plus RFC 5892 code point rules.
fn u_label(label: &str) -> bool {
    let chars: Vec<char> = label.chars().collect();
    let hyphens_ok = !label.starts_with('-')
        && !label.ends_with('-')
        && chars.get(2..4) != Some(&['-', '-'][..]);
    let starts_ok = chars.first().is_some_and(|&c| !is(&MARK, c));
    let has = |range: std::ops::RangeInclusive<char>| chars.iter().any(|c| range.contains(c));
    let digits_ok = !(has(ARABIC_INDIC) && has(EXTENDED_ARABIC_INDIC));
    hyphens_ok && starts_ok && digits_ok && (0..chars.len()).all(|i| code_point_ok(&chars, i))
}

/// Whether the code point at `i` is PVALID, or CONTEXTJ/CONTEXTO with its context satisfied.
fn code_point_ok(chars: &[char], i: usize) -> bool {
    let (before, after) = (
        i.checked_sub(1).and_then(|b| chars.get(b)).copied(),
        chars.get(i + 1).copied(),
    );
    match chars[i] {
        c if c.is_ascii() => c.is_ascii_alphanumeric() || c == '-',
        '\u{b7}' => before == Some('l') && after == Some('l'),
        '\u{375}' => after.is_some_and(|a| is(&GREEK, a)),
        '\u{5f3}' | '\u{5f4}' => before.is_some_and(|b| is(&HEBREW, b)),
        '\u{30fb}' => chars.iter().any(|&c| is(&JAPANESE, c)),
        '\u{200d}' => before.is_some_and(|b| VIRAMA.contains(&b)),
        '\u{200c}' => before.is_some_and(|b| VIRAMA.contains(&b)) || joins_around(chars, i),
        c if PVALID.contains(&c) => true,
        c => !DISALLOWED.contains(&c) && is(&LETTER_OR_DIGIT, c),
    }
}

/// RFC 5892 A.1: `(L|D) T* ZWNJ T* (R|D)` by Joining_Type, around the ZWNJ at `i`.
fn joins_around(chars: &[char], i: usize) -> bool {
    let transparent = |c: &&char| is(&NON_SPACING, **c);
    let right_joining = |c: char| RIGHT_JOINING.iter().any(|&(a, b)| (a..=b).contains(&c));
    let before = chars[..i].iter().rev().find(|c| !transparent(c));
    let after = chars[i + 1..].iter().find(|c| !transparent(c));
    before.is_some_and(|&c| is(&JOINING, c) && !right_joining(c))
        && after.is_some_and(|&c| is(&JOINING, c))
}

/// Bidi classes that matter for RFC 5893, approximated from scripts and categories.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Bidi {
    L,
    R,
    An,
    En,
    Nsm,
    Other,
}

fn bidi_class(c: char) -> Bidi {
    match c {
        '0'..='9' => Bidi::En,
        c if EXTENDED_ARABIC_INDIC.contains(&c) => Bidi::En,
        c if ARABIC_INDIC.contains(&c) => Bidi::An,
        '-' | '\u{b7}' | '\u{375}' | '\u{30fb}' | '\u{200c}' | '\u{200d}' => Bidi::Other,
        c if is(&NON_SPACING, c) => Bidi::Nsm,
        c if is(&RIGHT_TO_LEFT, c) || is(&ARABIC_LETTER, c) => Bidi::R,
        _ => Bidi::L,
    }
}

/// RFC 5893 section 2: in a domain with a right-to-left label, every label obeys the rule.
fn bidi_rule(labels: &[String]) -> bool {
    let classes: Vec<Vec<Bidi>> = labels
        .iter()
        .map(|l| l.chars().map(bidi_class).collect())
        .collect();
    if !classes
        .iter()
        .flatten()
        .any(|c| matches!(c, Bidi::R | Bidi::An))
    {
        return true;
    }
    classes.iter().all(|label| {
        let last = label.iter().rev().find(|&&c| c != Bidi::Nsm);
        match label.first() {
            Some(Bidi::R) => {
                !label.contains(&Bidi::L)
                    && matches!(last, Some(Bidi::R | Bidi::En | Bidi::An))
                    && !(label.contains(&Bidi::En) && label.contains(&Bidi::An))
            }
            Some(Bidi::L) => {
                !label.iter().any(|c| matches!(c, Bidi::R | Bidi::An))
                    && matches!(last, Some(Bidi::L | Bidi::En))
            }
            _ => false,
        }
    })
}

const BASE: u32 = 36;
const T_MIN: u32 = 1;
const T_MAX: u32 = 26;

fn threshold(k: u32, bias: u32) -> u32 {
    k.saturating_sub(bias).clamp(T_MIN, T_MAX)
}

fn adapt(delta: u32, points: u32, first: bool) -> u32 {
    let mut delta = if first { delta / 700 } else { delta / 2 };
    delta += delta / points;
    let mut k = 0;
    while delta > (BASE - T_MIN) * T_MAX / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + 38)
}

/// RFC 3492 Punycode decoding of the part after `xn--`.
pub(super) fn decode(input: &str) -> Option<String> {
    let (basic, extended) = input.rsplit_once('-').unwrap_or(("", input));
    let mut output: Vec<char> = basic.chars().collect();
    let (mut n, mut i, mut bias) = (128u32, 0u32, 72u32);
    let mut bytes = extended.bytes().peekable();
    while bytes.peek().is_some() {
        let (old_i, mut weight, mut k) = (i, 1u32, BASE);
        loop {
            let digit = match bytes.next()? {
                b @ b'a'..=b'z' => u32::from(b - b'a'),
                b @ b'A'..=b'Z' => u32::from(b - b'A'),
                b @ b'0'..=b'9' => u32::from(b - b'0') + 26,
                _ => return None,
            };
            i = i.checked_add(digit.checked_mul(weight)?)?;
            let t = threshold(k, bias);
            if digit < t {
                break;
            }
            weight = weight.checked_mul(BASE - t)?;
            k += BASE;
        }
        let points = u32::try_from(output.len()).ok()? + 1;
        bias = adapt(i - old_i, points, old_i == 0);
        n = n.checked_add(i / points)?;
        i %= points;
        output.insert(usize::try_from(i).ok()?, char::from_u32(n)?);
        i += 1;
    }
    Some(output.into_iter().collect())
}

/// RFC 3492 Punycode encoding (without the `xn--` prefix).
pub(super) fn encode(input: &str) -> Option<String> {
    let points: Vec<u32> = input.chars().map(u32::from).collect();
    let mut output: String = input.chars().filter(char::is_ascii).collect();
    let basic = u32::try_from(output.len()).ok()?;
    if basic > 0 {
        output.push('-');
    }
    let (mut n, mut delta, mut bias, mut handled) = (128u32, 0u32, 72u32, basic);
    while let Some(&m) = points.iter().filter(|&&p| p >= n).min() {
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for &p in &points {
            if p < n {
                delta = delta.checked_add(1)?;
            } else if p == n {
                let (mut q, mut k) = (delta, BASE);
                loop {
                    let t = threshold(k, bias);
                    if q < t {
                        break;
                    }
                    output.push(digit_char(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                output.push(digit_char(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    Some(output)
}

fn digit_char(d: u32) -> char {
    let d = u8::try_from(d).unwrap_or(0);
    char::from(if d < 26 { b'a' + d } else { b'0' + d - 26 })
}

#[cfg(test)]
mod tests {
    #[test]
    fn unicode_classes_compile() {
        let classes = [
            &super::MARK,
            &super::NON_SPACING,
            &super::LETTER_OR_DIGIT,
            &super::GREEK,
            &super::HEBREW,
        ];
        let more = [
            &super::JAPANESE,
            &super::RIGHT_TO_LEFT,
            &super::ARABIC_LETTER,
            &super::JOINING,
        ];
        for class in classes.into_iter().chain(more) {
            assert!(crate::pattern::compile(class.source()).is_ok(), "{class:?}");
        }
    }
}
