//! Tidying description text (often a vendor's Markdown) before it becomes rustdoc, so
//! that clippy's doc lints pass on generated code whatever the description says.
//!
//! A line that continues a list item without being indented to the item's text ("lazy
//! continuation", which clippy's `doc_lazy_continuation` rejects) is indented to it;
//! a line indented past it by more than rustdoc needs is left alone. Fenced code
//! blocks are copied as they are.

/// `text` with every lazy list continuation indented to its item's text.
pub fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    // The column of the text of the list item being continued, if any.
    let mut item: Option<usize> = None;
    let mut fenced = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
            item = None;
        } else if fenced {
            // Copied below as it is.
        } else if trimmed.is_empty() {
            item = None;
        } else if let Some(marker) = list_marker(trimmed) {
            item = Some(indent + marker);
        } else if let Some(column) = item {
            if indent < column {
                out.extend(std::iter::repeat(' ').take(column));
                out.push_str(trimmed);
                out.push('\n');
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    if !text.ends_with('\n') {
        out.pop();
    }
    out
}

/// The width of the list marker (with its space) that `line` starts with: `- `, `* `,
/// `+ `, `1. `, `1) `.
fn list_marker(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    match bytes.first()? {
        b'-' | b'*' | b'+' if bytes.get(1) == Some(&b' ') => Some(2),
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            let after = bytes.get(digits)?;
            (digits <= 9 && matches!(after, b'.' | b')') && bytes.get(digits + 1) == Some(&b' '))
                .then_some(digits + 2)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::tidy;

    #[test]
    fn lazy_continuations_are_indented() {
        let text = "- **Headers**:\n  - All calls need `a`,\n  and `b`.\n- two\nlazy\n\nplain\n";
        assert_eq!(
            tidy(text),
            "- **Headers**:\n  - All calls need `a`,\n    and `b`.\n- two\n  lazy\n\nplain\n"
        );
    }

    #[test]
    fn code_and_plain_text_are_kept() {
        let text = "1. one\n```\n- x\ny\n```\nnot a list: 3.5 apples\nnext";
        assert_eq!(
            tidy(text),
            "1. one\n```\n- x\ny\n```\nnot a list: 3.5 apples\nnext"
        );
    }
}
