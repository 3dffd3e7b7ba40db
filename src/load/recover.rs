//! Reading on after a mistake in a YAML file, so that one run reports every problem in it.
//!
//! The parser stops at the first mistake. Where that mistake is confined to one field (a
//! misspelt or unknown field, a value of the wrong kind, a field written twice, a tab, a YAML
//! tag), the field is blanked out (every byte but line ends becomes a space, so positions stay
//! the same) and the document is read again. A field that cannot be left out (the parser then
//! misses it) takes the group it stands in with it; when nothing is left to blank the reading
//! stops. Syntax errors elsewhere stop it too: what follows them cannot be trusted.

use std::ops::Range;

/// How the mistake at a place in the text is stepped over.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Step {
    /// Leave out the field whose key starts at this byte (with everything indented under it).
    Field(usize),
    /// Leave out the field that holds the value at this byte.
    FieldOf(usize),
    /// Leave out the first line from this byte's on that has a tab (its field, if it starts one).
    Tabs(usize),
    /// Blank these bytes (a YAML tag).
    Bytes(Range<usize>),
}

/// The text with every byte in `range` but line ends turned into a space.
pub(super) fn blank(text: &mut String, range: Range<usize>) {
    let range = range.start.min(text.len())..range.end.min(text.len());
    let blanked: String = text[range.clone()]
        .chars()
        .map(|c| {
            if c == '\n' || c == '\r' {
                c.to_string()
            } else {
                " ".repeat(c.len_utf8())
            }
        })
        .collect();
    text.replace_range(range, &blanked);
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1)
}

fn line_end(text: &str, at: usize) -> usize {
    text[at.min(text.len())..]
        .find('\n')
        .map_or(text.len(), |i| at + i)
}

/// The column where a line's content starts: after its indentation and any `- ` list marks.
fn content_start(line: &str) -> usize {
    let mut i = 0;
    let b = line.as_bytes();
    loop {
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        if i + 1 < b.len() && b[i] == b'-' && b[i + 1] == b' ' {
            i += 2;
        } else if i + 1 == b.len() && b[i] == b'-' {
            return i + 1;
        } else {
            return i;
        }
    }
}

fn is_empty_line(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

/// The key of a block mapping entry starting at `at`, when one starts there: `name:`.
fn key_at(text: &str, at: usize) -> Option<&str> {
    let rest = &text[at..line_end(text, at)];
    let colon = rest.find(':')?;
    let after = rest[colon + 1..].chars().next();
    let key = rest[..colon].trim_end();
    let plain = !key.is_empty()
        && !key.starts_with(['{', '[', '"', '\'', '#', '-'])
        && !key.contains(['{', '[', ',', '#']);
    (plain && after.is_none_or(|c| c == ' ' || c == '\r')).then_some(key)
}

/// The range of the field whose key starts at `key`: its line from the key on, and the lines
/// after it indented further than the key (with blank and comment lines between them). `None`
/// when `key` is not the first thing on its line (a field inside `{…}`: left to the parser).
fn field_range(text: &str, key: usize) -> Option<Range<usize>> {
    let start = line_start(text, key);
    let line = &text[start..line_end(text, key)];
    if content_start(line) != key - start {
        return None;
    }
    key_at(text, key)?;
    let column = key - start;
    let mut end = line_end(text, key);
    let mut pos = end;
    while pos < text.len() {
        let next = pos + 1;
        let next_end = line_end(text, next);
        let next_line = &text[next..next_end];
        if is_empty_line(next_line) {
            pos = next_end;
            continue;
        }
        let indent = next_line.len() - next_line.trim_start_matches(' ').len();
        if indent <= column {
            break;
        }
        end = next_end;
        pos = next_end;
    }
    Some(key..end)
}

/// The key of the field that holds the value at `at`: on the value's own line when a key
/// stands before it there, else the nearest line above that is indented less.
fn owner_key(text: &str, at: usize) -> Option<usize> {
    let start = line_start(text, at);
    let line = &text[start..line_end(text, at)];
    let content = start + content_start(line);
    if content < at && key_at(text, content).is_some() {
        return Some(content);
    }
    parent_key(text, at)
}

/// The key of the field a line is indented under.
pub(super) fn parent_key(text: &str, at: usize) -> Option<usize> {
    let start = line_start(text, at);
    let line = &text[start..line_end(text, at)];
    let column = content_start(line).min(at - start);
    let mut end = start;
    while end > 0 {
        let prev = line_start(text, end - 1);
        let prev_line = &text[prev..end - 1];
        end = prev;
        if is_empty_line(prev_line) {
            continue;
        }
        let c = content_start(prev_line);
        if c < column {
            return key_at(text, prev + c).map(|_| prev + c);
        }
    }
    None
}

/// Whether `at` is where its line's content starts (after indentation and list marks).
pub(super) fn starts_line(text: &str, at: usize) -> bool {
    let start = line_start(text, at);
    start + content_start(&text[start..line_end(text, at)]) == at
}

/// Whether the block field whose key starts at `key` has nothing after its colon, nor lines
/// under it.
pub(super) fn is_empty_field(text: &str, key: usize) -> bool {
    let Some(field) = field_range(text, key) else {
        return false;
    };
    let colon = key + text[key..].find(':').unwrap_or(0);
    text[colon + 1..field.end].lines().all(is_empty_line)
}

/// Where a key with no value starts, on the line of `at` or indented under it: `en:` with
/// nothing after it (block style, no lines under it) or `en: }` / `en: ,` inside braces. The
/// parser reports such a place as a value of the wrong kind, or at the group around it.
pub(super) fn empty_key_near(text: &str, at: usize) -> Option<usize> {
    let start = line_start(text, at);
    let end = line_end(text, at);
    let line = &text[start..end];
    let content = start + content_start(line);
    let is_empty_field = |key: usize| is_empty_field(text, key);
    if content < end && key_at(text, content).is_some() {
        if is_empty_field(content) {
            return Some(content);
        }
        // The group the parser pointed at: the first empty field under it.
        let field = field_range(text, content)?;
        let mut pos = end;
        while pos < field.end {
            let next = pos + 1;
            let next_end = line_end(text, next);
            let l = &text[next..next_end];
            let c = next + content_start(l);
            if !is_empty_line(l) && key_at(text, c).is_some() && is_empty_field(c) {
                return Some(c);
            }
            pos = next_end;
        }
    }
    // Inside braces on this line: a key followed by a comma or a closing brace.
    let bytes = line.as_bytes();
    for (i, _) in line.match_indices(':') {
        let after = line[i + 1..].trim_start_matches(' ');
        if !(after.starts_with(',') || after.starts_with('}')) {
            continue;
        }
        let key_start = line[..i]
            .char_indices()
            .rfind(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == '-'))
            .map_or(0, |(j, c)| j + c.len_utf8());
        if key_start < i && bytes[key_start..i].iter().all(|b| *b != b' ') {
            return Some(start + key_start);
        }
    }
    None
}

/// Applies `step` to `text`: the field left out (its key and where the key starts), or `None`
/// when nothing could be stepped over.
pub(super) fn apply(text: &mut String, step: Step) -> Option<Option<(String, usize)>> {
    let (range, key) = match step {
        Step::Field(at) => (field_range(text, at)?, Some(at)),
        Step::FieldOf(at) => {
            let at = owner_key(text, at)?;
            (field_range(text, at)?, Some(at))
        }
        Step::Tabs(at) => {
            // The parser may stop at the end of the line before the tab's.
            let tab = line_start(text, at) + text[line_start(text, at)..].find('\t')?;
            let (start, end) = (line_start(text, tab), line_end(text, tab));
            let line = text[start..end].replace('\t', " ");
            text.replace_range(start..end, &line);
            // Spaces in place of tabs seldom make the indentation right: the line's field goes.
            let content = start + content_start(&line);
            match field_range(text, content) {
                Some(field) => (field, Some(content)),
                None => (content..end, None),
            }
        }
        Step::Bytes(r) => (r, None),
    };
    if text[range.clone()].trim().is_empty() {
        return None;
    }
    let key = key.and_then(|at| Some((key_at(text, at)?.to_owned(), at)));
    blank(text, range);
    Some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(text: &str, s: impl Fn(&str) -> Step) -> Option<String> {
        let mut t = text.to_owned();
        apply(&mut t, s(text))?;
        assert_eq!(t.len(), text.len(), "positions stay");
        Some(t)
    }

    #[test]
    fn an_empty_key_after_a_wide_character_is_found_whole() {
        // A no-break space pasted from a word processor before the key.
        let text = "name: {nl: Huisarts,\u{a0}en: }\n";
        let key = empty_key_near(text, text.find("en").unwrap()).unwrap();
        assert_eq!(&text[key..key + 2], "en");
        assert!(!starts_line(text, key));
    }

    #[test]
    fn a_field_goes_with_what_is_indented_under_it() {
        let text = "id: x\nadress:\n  street: a\n\n  city: b\nname: c\n";
        let at = text.find("adress").unwrap();
        let t = step(text, |_| Step::Field(at)).unwrap();
        assert_eq!(
            t.split_whitespace().collect::<Vec<_>>(),
            ["id:", "x", "name:", "c"]
        );
    }

    #[test]
    fn a_field_in_a_list_item_leaves_the_item() {
        let text = "phones:\n  - nuber: \"1\"\n    label: x\n";
        let at = text.find("nuber").unwrap();
        let t = step(text, |_| Step::Field(at)).unwrap();
        assert_eq!(t.trim_end().lines().nth(1).unwrap().trim_end(), "  -");
        assert!(t.contains("    label: x"));
    }

    #[test]
    fn a_value_takes_its_field_along() {
        let text = "opening_hours:\n  thu: 18:30-20:30\n  fri: [9:00-12:00]\n";
        let at = text.find("18:30").unwrap();
        let t = step(text, |_| Step::FieldOf(at)).unwrap();
        assert!(!t.contains("thu") && t.contains("fri: [9:00-12:00]"));
        // A value on the lines under its key.
        let text = "helps_with:\n  nl: tekst\n  en: [a]\nid: x\n";
        let at = text.find("tekst").unwrap();
        let t = step(text, |_| Step::FieldOf(at)).unwrap();
        assert!(!t.contains("tekst") && t.contains("en: [a]"));
        assert_eq!(parent_key(text, at), Some(0));
    }

    #[test]
    fn fields_inside_braces_and_blank_places_are_left_alone() {
        let text = "address: {street: a, strete: b}\n";
        let at = text.find("strete").unwrap();
        assert!(step(text, |_| Step::Field(at)).is_none());
        let text = "id: x\n   \n";
        assert!(step(text, |_| Step::Bytes(6..9)).is_none());
    }

    #[test]
    fn a_line_with_a_tab_is_left_out() {
        let text = "name:\n  nl: a\n\ten: b\nid: x\n";
        let t = step(text, |_| Step::Tabs(9)).unwrap();
        assert_eq!(t, "name:\n  nl: a\n      \nid: x\n");
    }
}
