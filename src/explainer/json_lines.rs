//! Lines of the playground's JSON text: which line holds a field (so that each problem points at
//! its line), the numbers beside the text, and where a line starts and ends for the caret.

use std::fmt::Write;

/// One open object or list while reading, and where in it the reader is.
enum Frame {
    Object { key: Option<String> },
    List { index: usize },
}

fn path_of(stack: &[Frame]) -> String {
    let mut out = String::new();
    for frame in stack {
        match frame {
            Frame::Object { key: Some(k) } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Frame::Object { key: None } => {}
            Frame::List { index } => {
                let _ = write!(out, "[{index}]");
            }
        }
    }
    out
}

/// The line (from 1) where the field at `path` (`workload.kinds[1].name`, as problems name
/// fields) is given; if it is not there, the line of the nearest enclosing field given. `None`
/// when not even the first part is in the text.
pub fn line_of(text: &str, path: &str) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None; // (length of the matched path, line)
    let mut consider = |found: &str, line: usize| {
        let encloses = path == found
            || (path.starts_with(found)
                && matches!(path.as_bytes().get(found.len()), Some(b'.') | Some(b'[')));
        if encloses && best.is_none_or(|(len, _)| found.len() > len) {
            best = Some((found.len(), line));
        }
    };
    let mut stack: Vec<Frame> = Vec::new();
    let mut line = 1;
    let mut expecting_key = false;
    // After `[` or a list's `,`: the next value is the list's next element, found where it starts.
    let mut awaiting_element = false;
    let mut chars = text.chars();
    while let Some(ch) = chars.next() {
        if awaiting_element && !ch.is_whitespace() {
            awaiting_element = false;
            if ch != ']' {
                consider(&path_of(&stack), line);
            }
        }
        match ch {
            '\n' => line += 1,
            '{' => {
                stack.push(Frame::Object { key: None });
                expecting_key = true;
            }
            '[' => {
                stack.push(Frame::List { index: 0 });
                awaiting_element = true;
            }
            '}' | ']' => {
                stack.pop();
            }
            ',' => match stack.last_mut() {
                Some(Frame::List { index }) => {
                    *index += 1;
                    awaiting_element = true;
                }
                Some(Frame::Object { .. }) => expecting_key = true,
                None => {}
            },
            ':' => expecting_key = false,
            '"' => {
                let mut s = String::new();
                let mut escaped = false;
                for c in chars.by_ref() {
                    match (escaped, c) {
                        (false, '\\') => escaped = true,
                        (false, '"') => break,
                        (_, c) => {
                            escaped = false;
                            s.push(c);
                        }
                    }
                }
                if expecting_key {
                    if let Some(Frame::Object { key }) = stack.last_mut() {
                        *key = Some(s);
                        consider(&path_of(&stack), line);
                    }
                }
            }
            _ => {}
        }
    }
    best.map(|(_, line)| line)
}

/// The line a JSON syntax error points at, as serde_json reports it ("... at line 109 column
/// 23").
pub fn line_of_message(message: &str) -> Option<usize> {
    let (_, rest) = message.rsplit_once(" at line ")?;
    rest.split(' ').next()?.parse().ok()
}

/// The line numbers beside the text, those in `marked` flagged.
pub fn gutter_html(text: &str, marked: &[usize]) -> String {
    let lines = text.split('\n').count();
    let mut out = String::new();
    for n in 1..=lines {
        if marked.contains(&n) {
            let _ = write!(out, r#"<span class="bad">{n}</span>"#);
        } else {
            let _ = write!(out, "{n}");
        }
        out.push('\n');
    }
    out
}

/// The problems with the text, each that has a line led by a button that takes the caret there.
pub fn problems_html(problems: &[(Option<usize>, String)]) -> String {
    let mut out = String::new();
    for (line, message) in problems {
        out.push_str("<li>");
        if let Some(n) = line {
            let _ = write!(
                out,
                r#"<button type="button" class="to-line" data-line="{n}">Line {n}</button> "#
            );
        }
        out.push_str(&super::format::escaped(message));
        out.push_str("</li>");
    }
    out
}

/// Where line `line` (from 1) starts and ends, counted as the browser counts a text field's
/// caret (UTF-16 units).
pub fn line_span(text: &str, line: usize) -> Option<(u32, u32)> {
    let mut start = 0u32;
    for (i, l) in text.split('\n').enumerate() {
        let len = l.encode_utf16().count() as u32;
        if i + 1 == line {
            return Some((start, start + len));
        }
        start += len + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::scenario::Scenario;
    use crate::explainer::playground::to_text;

    #[test]
    fn each_field_is_found_on_its_own_line() {
        let text = to_text(&Scenario::default());
        let line_with = |needle: &str, nth: usize| {
            text.split('\n')
                .enumerate()
                .filter(|(_, l)| l.contains(needle))
                .nth(nth)
                .map(|(i, _)| i + 1)
        };
        assert_eq!(
            line_of(&text, "serverless.keep_alive_s"),
            line_with("\"keep_alive_s\"", 0)
        );
        // The second kind's name, not the first's.
        assert_eq!(
            line_of(&text, "workload.kinds[1].name"),
            line_with("\"checkout\"", 0)
        );
        // The breaker's window and the scenario's, each its own (keys are written in order).
        assert_eq!(
            line_of(&text, "microservices.calls.breaker.window_s"),
            line_with("\"window_s\"", 0)
        );
        assert_eq!(line_of(&text, "window_s"), line_with("\"window_s\"", 1));
        assert_eq!(
            line_of(&text, "prices.machines[3].per_hour"),
            line_with("\"per_hour\"", 3)
        );
        // A field that is not written points at what encloses it; one outside the text at nothing.
        assert_eq!(
            line_of(&text, "microservices.services.orders.max_replicas"),
            line_with("\"services\": {}", 0)
        );
        assert_eq!(line_of(&text, "nothing_like_it"), None);
    }

    #[test]
    fn keys_inside_strings_and_escapes_do_not_confuse_it() {
        let text = "{\n \"name\": \"a \\\" , [ {\",\n \"events\": [\n  {\"at_s\": 1},\n  {\"at_s\": 2}\n ]\n}";
        assert_eq!(line_of(text, "events[1].at_s"), Some(5));
        assert_eq!(line_of(text, "events[0]"), Some(4));
        assert_eq!(line_of(text, "name"), Some(2));
    }

    #[test]
    fn syntax_errors_gutter_and_caret() {
        assert_eq!(
            line_of_message("not a valid scenario: expected `,` or `}` at line 109 column 23"),
            Some(109)
        );
        assert_eq!(line_of_message("the scenario is empty"), None);
        assert_eq!(
            gutter_html("a\nb\nc", &[2]),
            "1\n<span class=\"bad\">2</span>\n3\n"
        );
        assert_eq!(line_span("ab\n\u{e9}\u{1F600}x\nz", 2), Some((3, 7)));
        assert_eq!(line_span("ab", 2), None);
        assert_eq!(
            problems_html(&[(Some(7), "a <b>".into()), (None, "c".into())]),
            r#"<li><button type="button" class="to-line" data-line="7">Line 7</button> a &lt;b&gt;</li><li>c</li>"#
        );
    }
}
