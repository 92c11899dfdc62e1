//! The ECMA-262 pattern parser behind [`super::translate`].
//!
//! A recursive-descent parser over the ECMA grammar (with the Unicode-mode escapes, and
//! Annex B leniency for literal `{`, `}`, `]` and for `-` next to a class escape) that writes
//! each construct straight into the output pattern.

use std::fmt::Write as _;

use super::PatternError;

/// Deepest group nesting accepted, so hostile patterns can't exhaust the stack.
const MAX_DEPTH: usize = 200;

type Ranges = &'static [(char, char)];
const DIGIT: Ranges = &[('0', '9')];
const WORD: Ranges = &[('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];
const SPACE: Ranges = &[
    ('\t', '\r'), // tab, LF, VT, FF, CR
    (' ', ' '),
    ('\u{a0}', '\u{a0}'),
    ('\u{1680}', '\u{1680}'),
    ('\u{2000}', '\u{200a}'),
    ('\u{2028}', '\u{2029}'),
    ('\u{202f}', '\u{202f}'),
    ('\u{205f}', '\u{205f}'),
    ('\u{3000}', '\u{3000}'),
    ('\u{feff}', '\u{feff}'),
];
const LINE_TERMINATOR: Ranges = &[('\n', '\n'), ('\r', '\r'), ('\u{2028}', '\u{2029}')];
const WORD_CLASS: &str = "[0-9A-Z_a-z]";

/// Parses `source` as an ECMA-262 pattern and writes it in `fancy_regex` syntax.
pub(super) fn translate(source: &str) -> Result<String, PatternError> {
    let mut parser = Parser {
        src: source,
        pos: 0,
        out: String::new(),
        groups: capture_groups(source),
        opened: 0,
    };
    parser.disjunction(0)?;
    match parser.peek() {
        None => Ok(parser.out),
        Some(_) => Err(parser.error("unmatched ')'")),
    }
}

/// Names of the capturing groups in order of their `(`, `None` for unnamed ones.
fn capture_groups(src: &str) -> Vec<Option<String>> {
    let mut groups = Vec::new();
    let mut chars = src.char_indices().peekable();
    let mut in_class = false;
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '[' => in_class = true,
            ']' => in_class = false,
            '(' if !in_class => {
                let rest = &src[i + 1..];
                if !rest.starts_with('?') {
                    groups.push(None);
                } else if let Some(named) = rest
                    .strip_prefix("?<")
                    .filter(|r| !r.starts_with(['=', '!']))
                {
                    groups.push(named.split('>').next().map(str::to_owned));
                }
            }
            _ => {}
        }
    }
    groups
}

/// A member of a character class, in output syntax terms.
enum Item {
    Range(char, char),
    Raw(String),
}

/// What one position inside `[...]` denotes.
enum ClassAtom {
    Char(char),
    Set(Vec<Item>),
}

fn items(ranges: Ranges) -> Vec<Item> {
    ranges.iter().map(|&(a, b)| Item::Range(a, b)).collect()
}

/// Writes a literal character so that no engine syntax can be read into it.
fn push_char(out: &mut String, c: char) {
    if c.is_ascii_alphanumeric() || c == '_' {
        out.push(c);
    } else if c.is_ascii_punctuation() && !matches!(c, '<' | '>') {
        out.push('\\');
        out.push(c);
    } else {
        let _ = write!(out, "\\u{{{:X}}}", u32::from(c));
    }
}

fn write_class(out: &mut String, negated: bool, items: &[Item]) {
    if items.is_empty() {
        // `[]` matches nothing, `[^]` anything.
        out.push_str(if negated {
            "[\\u{0}-\\u{10FFFF}]"
        } else {
            "[^\\u{0}-\\u{10FFFF}]"
        });
        return;
    }
    out.push('[');
    if negated {
        out.push('^');
    }
    for item in items {
        match item {
            Item::Range(a, b) => {
                push_char(out, *a);
                if a != b {
                    out.push('-');
                    push_char(out, *b);
                }
            }
            Item::Raw(raw) => out.push_str(raw),
        }
    }
    out.push(']');
}

/// The class escapes `\d \D \w \W \s \S`: whether negated, and their ranges.
fn class_escape(c: char) -> Option<(bool, Ranges)> {
    let ranges = match c.to_ascii_lowercase() {
        'd' => DIGIT,
        'w' => WORD,
        's' => SPACE,
        _ => return None,
    };
    Some((c.is_ascii_uppercase(), ranges))
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    out: String,
    groups: Vec<Option<String>>,
    opened: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.src[self.pos..].chars().nth(n)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, prefix: &str) -> bool {
        let found = self.src[self.pos..].starts_with(prefix);
        if found {
            self.pos += prefix.len();
        }
        found
    }

    fn error(&self, message: impl Into<String>) -> PatternError {
        PatternError::at(self.pos, message)
    }

    fn disjunction(&mut self, depth: usize) -> Result<(), PatternError> {
        if depth > MAX_DEPTH {
            return Err(self.error("groups nested too deeply"));
        }
        loop {
            while let Some(c) = self.peek().filter(|c| !matches!(c, '|' | ')')) {
                let quantifiable = self.term(c, depth)?;
                self.quantifier(quantifiable)?;
            }
            if !self.eat("|") {
                return Ok(());
            }
            self.out.push('|');
        }
    }

    /// Parses one assertion or atom; answers whether a quantifier may follow it.
    fn term(&mut self, c: char, depth: usize) -> Result<bool, PatternError> {
        match c {
            '^' | '$' => {
                self.bump();
                self.out.push(c);
                Ok(false)
            }
            '\\' => self.atom_escape(),
            '(' => self.group(depth),
            '[' => self.class(),
            '.' => {
                self.bump();
                write_class(&mut self.out, true, &items(LINE_TERMINATOR));
                Ok(true)
            }
            '*' | '+' | '?' => Err(self.error("nothing to repeat")),
            '{' if self.brace_quantifier().is_some() => Err(self.error("nothing to repeat")),
            _ => {
                self.bump();
                push_char(&mut self.out, c);
                Ok(true)
            }
        }
    }

    /// Reads `{n}`, `{n,}` or `{n,m}` at the cursor without consuming it: (length, min, max).
    fn brace_quantifier(&self) -> Option<(usize, &str, Option<&str>)> {
        let rest = self.src[self.pos..].strip_prefix('{')?;
        let body = &rest[..rest.find('}')?];
        let (min, max) = match body.split_once(',') {
            Some((min, max)) => (min, Some(max)),
            None => (body, None),
        };
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let valid = !min.is_empty() && digits(min) && max.map_or(true, digits);
        valid.then_some((body.len() + 2, min, max.filter(|m| !m.is_empty())))
    }

    fn quantifier(&mut self, quantifiable: bool) -> Result<(), PatternError> {
        let text = match self.peek() {
            Some(c @ ('*' | '+' | '?')) => {
                self.bump();
                c.to_string()
            }
            Some('{') => match self.brace_quantifier() {
                Some((len, min, max)) => {
                    let number = |s: &str| {
                        s.parse::<u32>()
                            .map_err(|_| self.error("repetition count too large"))
                    };
                    let (lo, hi) = (number(min)?, max.map(number).transpose()?);
                    if hi.is_some_and(|hi| hi < lo) {
                        return Err(self.error("numbers out of order in {} quantifier"));
                    }
                    let text = self.src[self.pos..self.pos + len].to_owned();
                    self.pos += len;
                    text
                }
                None => return Ok(()),
            },
            _ => return Ok(()),
        };
        if !quantifiable {
            return Err(self.error("nothing to repeat"));
        }
        self.out.push_str(&text);
        if self.eat("?") {
            self.out.push('?');
        }
        if matches!(self.peek(), Some('*' | '+' | '?')) || self.brace_quantifier().is_some() {
            return Err(self.error("nothing to repeat"));
        }
        Ok(())
    }

    fn group(&mut self, depth: usize) -> Result<bool, PatternError> {
        let start = self.pos;
        self.bump();
        let mut quantifiable = true;
        if self.eat("?") {
            let opener = ["?:", "?=", "?!", "?<=", "?<!"]
                .into_iter()
                .find(|o| self.eat(&o[1..]));
            match opener {
                Some(o) => {
                    quantifiable = o == "?:";
                    self.out.push('(');
                    self.out.push_str(o);
                }
                None if self.eat("<") => {
                    self.group_name('>')?;
                    self.opened += 1;
                    self.out.push('(');
                }
                None => return Err(PatternError::at(start, "invalid group")),
            }
        } else {
            self.opened += 1;
            self.out.push('(');
        }
        self.disjunction(depth + 1)?;
        if !self.eat(")") {
            return Err(PatternError::at(start, "unterminated group"));
        }
        self.out.push(')');
        Ok(quantifiable)
    }

    /// Reads a group name up to `close`, checks it and returns its group number.
    fn group_name(&mut self, close: char) -> Result<usize, PatternError> {
        let start = self.pos;
        let name = self.src[start..].split(close).next().unwrap_or_default();
        let mut chars = name.chars();
        let valid_start = chars
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '$' || c == '_');
        if !valid_start || !chars.all(|c| c.is_alphanumeric() || c == '$' || c == '_') {
            return Err(self.error("invalid group name"));
        }
        self.pos += name.len();
        if !self.eat(&close.to_string()) {
            return Err(self.error("unterminated group name"));
        }
        let mut numbers = (1..)
            .zip(&self.groups)
            .filter(|(_, g)| g.as_deref() == Some(name));
        match (numbers.next(), numbers.next()) {
            (Some((n, _)), None) => Ok(n),
            (None, _) => Err(PatternError::at(start, "no group with this name")),
            (Some(_), Some(_)) => Err(PatternError::at(start, "duplicate group name")),
        }
    }

    fn backreference(&mut self, group: usize) {
        // A group not opened yet has not captured anything: ECMA matches the empty string.
        if group > self.opened {
            self.out.push_str("(?:)");
        } else {
            let _ = write!(self.out, "(?:\\{group})");
        }
    }

    fn atom_escape(&mut self) -> Result<bool, PatternError> {
        self.bump();
        let Some(c) = self.peek() else {
            return Err(self.error("\\ at end of pattern"));
        };
        if let Some((negated, ranges)) = class_escape(c) {
            self.bump();
            write_class(&mut self.out, negated, &items(ranges));
            return Ok(true);
        }
        match c {
            'b' | 'B' => {
                self.bump();
                // ASCII word boundaries, spelled with look-arounds (Rust's `\b` is Unicode).
                let (after_word, after_other) = if c == 'b' { ('!', '=') } else { ('=', '!') };
                let _ = write!(
                    self.out,
                    "(?:(?<={WORD_CLASS})(?{after_word}{WORD_CLASS})|(?<!{WORD_CLASS})(?{after_other}{WORD_CLASS}))"
                );
                Ok(false)
            }
            'p' | 'P' => {
                let set = self.property()?;
                self.out.push_str(&set);
                Ok(true)
            }
            '1'..='9' => {
                let digits = self.src[self.pos..]
                    .bytes()
                    .take_while(u8::is_ascii_digit)
                    .count();
                let group = self.src[self.pos..self.pos + digits]
                    .parse::<usize>()
                    .unwrap_or(usize::MAX);
                if group > self.groups.len() {
                    return Err(self.error("back-reference to a missing group"));
                }
                self.pos += digits;
                self.backreference(group);
                Ok(true)
            }
            'k' => {
                self.bump();
                if !self.eat("<") {
                    return Err(self.error("invalid named back-reference"));
                }
                let group = self.group_name('>')?;
                self.backreference(group);
                Ok(true)
            }
            _ => {
                let c = self.char_escape()?;
                push_char(&mut self.out, c);
                Ok(true)
            }
        }
    }

    /// Reads `\p{...}` or `\P{...}` (cursor on `p`), returning it in output syntax.
    fn property(&mut self) -> Result<String, PatternError> {
        let kind = self.bump().unwrap_or('p');
        let body = self.src[self.pos..]
            .strip_prefix('{')
            .and_then(|r| r.split_once('}'))
            .map(|(b, _)| b);
        match body {
            Some(b)
                if !b.is_empty()
                    && b.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '=')) =>
            {
                self.pos += b.len() + 2;
                Ok(format!("\\{kind}{{{b}}}"))
            }
            _ => Err(self.error("invalid property escape")),
        }
    }

    /// Reads a character escape (cursor after `\`) shared by atoms and classes.
    fn char_escape(&mut self) -> Result<char, PatternError> {
        let start = self.pos;
        let c = self
            .bump()
            .ok_or_else(|| self.error("\\ at end of pattern"))?;
        let simple = match c {
            't' => Some('\t'),
            'n' => Some('\n'),
            'v' => Some('\u{b}'),
            'f' => Some('\u{c}'),
            'r' => Some('\r'),
            '0' if !self.peek().is_some_and(|d| d.is_ascii_digit()) => Some('\0'),
            'c' => match self.peek() {
                Some(l) if l.is_ascii_alphabetic() => {
                    self.bump();
                    char::from_u32(u32::from(l) % 32)
                }
                _ => None,
            },
            'x' => self.hex(2).and_then(char::from_u32),
            'u' => self.unicode_escape()?,
            _ if !c.is_ascii_alphanumeric() => Some(c),
            _ => None,
        };
        simple.ok_or_else(|| PatternError::at(start - 1, format!("invalid escape \\{c}")))
    }

    fn hex(&mut self, len: usize) -> Option<u32> {
        let digits = self.src.get(self.pos..self.pos + len)?;
        let value = u32::from_str_radix(digits, 16)
            .ok()
            .filter(|_| digits.bytes().all(|b| b.is_ascii_hexdigit()))?;
        self.pos += len;
        Some(value)
    }

    /// `\uXXXX` (pairing surrogates) or `\u{X...}`, cursor after `u`.
    fn unicode_escape(&mut self) -> Result<Option<char>, PatternError> {
        if self.eat("{") {
            let len = self.src[self.pos..]
                .bytes()
                .take_while(u8::is_ascii_hexdigit)
                .count();
            let value = self.hex(len).filter(|_| len > 0);
            return Ok(value.filter(|_| self.eat("}")).and_then(char::from_u32));
        }
        let Some(unit) = self.hex(4) else {
            return Ok(None);
        };
        if (0xD800..0xDC00).contains(&unit) && self.eat("\\u") {
            if let Some(low) = self.hex(4).filter(|l| (0xDC00..0xE000).contains(l)) {
                return Ok(char::from_u32(
                    0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00),
                ));
            }
        }
        char::from_u32(unit)
            .map(Some)
            .ok_or_else(|| self.error("lone surrogate can't match a string"))
    }

    fn class(&mut self) -> Result<bool, PatternError> {
        let start = self.pos;
        self.bump();
        let negated = self.eat("^");
        let mut members = Vec::new();
        loop {
            match self.peek() {
                None => return Err(PatternError::at(start, "unterminated character class")),
                Some(']') => break,
                Some(_) => {}
            }
            let first = self.class_atom()?;
            let is_range = self.peek() == Some('-') && !matches!(self.peek_at(1), Some(']') | None);
            if !is_range {
                push_atom(&mut members, first);
                continue;
            }
            self.bump();
            match (first, self.class_atom()?) {
                (ClassAtom::Char(a), ClassAtom::Char(b)) if a > b => {
                    return Err(self.error("range out of order in character class"));
                }
                (ClassAtom::Char(a), ClassAtom::Char(b)) => members.push(Item::Range(a, b)),
                // Annex B: a class escape at either end makes the `-` literal.
                (a, b) => {
                    push_atom(&mut members, a);
                    members.push(Item::Range('-', '-'));
                    push_atom(&mut members, b);
                }
            }
        }
        self.bump();
        write_class(&mut self.out, negated, &members);
        Ok(true)
    }

    fn class_atom(&mut self) -> Result<ClassAtom, PatternError> {
        let c = self
            .bump()
            .ok_or_else(|| self.error("unterminated character class"))?;
        if c != '\\' {
            return Ok(ClassAtom::Char(c));
        }
        let Some(e) = self.peek() else {
            return Err(self.error("\\ at end of pattern"));
        };
        if let Some((negated, ranges)) = class_escape(e) {
            self.bump();
            return Ok(ClassAtom::Set(if negated {
                let mut raw = String::new();
                write_class(&mut raw, true, &items(ranges));
                vec![Item::Raw(raw)]
            } else {
                items(ranges)
            }));
        }
        match e {
            'b' => {
                self.bump();
                Ok(ClassAtom::Char('\u{8}'))
            }
            '-' => {
                self.bump();
                Ok(ClassAtom::Char('-'))
            }
            'p' | 'P' => Ok(ClassAtom::Set(vec![Item::Raw(self.property()?)])),
            _ => self.char_escape().map(ClassAtom::Char),
        }
    }
}

fn push_atom(members: &mut Vec<Item>, atom: ClassAtom) {
    match atom {
        ClassAtom::Char(c) => members.push(Item::Range(c, c)),
        ClassAtom::Set(set) => members.extend(set),
    }
}
