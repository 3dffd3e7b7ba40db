//! Writing one value into a YAML file that people edit by hand, leaving every other byte — their
//! comments, order, quotes and blank lines — as it was.
//!
//! The file is parsed into a tree of nodes with byte positions (granit-parser, the parser under
//! serde-saphyr); an edit replaces the bytes of one value or inserts one line. Each edit is read
//! back before it is accepted.

use std::ops::Range;

use granit_parser::{Event, Parser, StructureStyle};

pub mod apply;

use super::Step;

#[derive(Debug)]
enum Node {
    Scalar {
        value: String,
        span: Range<usize>,
    },
    Map {
        flow: bool,
        entries: Vec<Entry>,
        span: Range<usize>,
    },
    Seq {
        flow: bool,
        items: Vec<Node>,
        span: Range<usize>,
    },
}

#[derive(Debug)]
struct Entry {
    key: String,
    key_span: Range<usize>,
    value: Node,
}

impl Node {
    fn span(&self) -> Range<usize> {
        match self {
            Node::Scalar { span, .. } | Node::Map { span, .. } | Node::Seq { span, .. } => {
                span.clone()
            }
        }
    }
}

/// A value to write: one text, or a list of texts.
#[derive(Clone, Copy, Debug)]
pub enum Value<'a> {
    Text(&'a str),
    List(&'a [String]),
    /// Any value, as the browser editor's form sends it, with the orders its maps' fields
    /// are written in (see `apply`).
    Json(&'a serde_json::Value, &'a [&'a [&'a str]]),
}

/// Sets `key: value` in the map at `path` of the YAML in `text[range]`. A new key goes after
/// the last of `after` present in the map (so languages keep the site's order), else at the
/// end. Returns the whole new text.
pub fn set(
    text: &str,
    range: Range<usize>,
    path: &[Step],
    key: &str,
    value: Value,
    after: &[&str],
) -> Result<String, String> {
    let root = parse(text, range.clone())?;
    let map = find(&root, path)?;
    let Node::Map { flow, entries, .. } = map else {
        return Err(format!("{} is not a map of languages", show(path)));
    };
    let new = match entries.iter().find(|e| e.key == key) {
        Some(entry) => replace(text, entry, *flow, value)?,
        None => insert(text, entries, *flow, key, value, after)?,
    };
    // Read back: the value must be there, and the rest of the file must still parse.
    let end = range.end + new.len() - text.len();
    let root = parse(&new, range.start..end)?;
    let Node::Map { entries, .. } = find(&root, path)? else {
        unreachable!("was a map before the edit")
    };
    let got = entries
        .iter()
        .find(|e| e.key == key)
        .ok_or("the new entry is not read back")?;
    let same = match (&got.value, value) {
        (Node::Scalar { value: v, .. }, Value::Text(t)) => v == t,
        (Node::Seq { items, .. }, Value::List(list)) => {
            items.len() == list.len()
                && items
                    .iter()
                    .zip(list)
                    .all(|(i, t)| matches!(i, Node::Scalar { value, .. } if value == t))
        }
        _ => false,
    };
    if same {
        Ok(new)
    } else {
        Err("the written value does not read back the same".into())
    }
}

/// Removes `key` and its value from the map at `path` of the YAML in `text[range]`, with the
/// line it stands on (in block style) or its comma (in a flow map); every other byte stays.
/// Returns the whole new text; the text itself when the map has no such key.
pub fn remove(text: &str, range: Range<usize>, path: &[Step], key: &str) -> Result<String, String> {
    let root = parse(text, range.clone())?;
    let Node::Map { flow, entries, .. } = find(&root, path)? else {
        return Err(format!("{} is not a map of languages", show(path)));
    };
    if !entries.iter().any(|e| e.key == key) {
        return Ok(text.to_owned());
    }
    let new = remove_entry(text, entries, *flow, key)?;
    let cut_len = text.len() - new.len();
    let end = range.end - cut_len;
    let root = parse(&new, range.start..end)?;
    match find(&root, path)? {
        Node::Map { entries, .. } if !entries.iter().any(|e| e.key == key) => Ok(new),
        _ => Err("the entry is still read back".into()),
    }
}

/// `text` without the entry `key` of a map with `entries`: its line(s) in block style, its
/// comma in a flow map.
fn remove_entry(text: &str, entries: &[Entry], flow: bool, key: &str) -> Result<String, String> {
    let i = entries
        .iter()
        .position(|e| e.key == key)
        .ok_or_else(|| format!("`{key}` not found"))?;
    let entry = &entries[i];
    let cut = if flow {
        match (i.checked_sub(1).map(|p| &entries[p]), entries.get(i + 1)) {
            // `, en: b` after the entry before it.
            (Some(before), _) => before.value.span().end..entry.value.span().end,
            // `nl: a, ` up to the entry after it.
            (None, Some(after)) => entry.key_span.start..after.key_span.start,
            (None, None) => {
                return Err(format!(
                    "`{key}` is the only field: the map would be left empty"
                ));
            }
        }
    } else {
        let start = text[..entry.key_span.start]
            .rfind('\n')
            .map_or(0, |n| n + 1);
        let value_end = entry.value.span().end;
        let end = if text[..value_end].ends_with('\n') {
            value_end
        } else {
            text[value_end..]
                .find('\n')
                .map_or(text.len(), |n| value_end + n + 1)
        };
        start..end
    };
    Ok(format!("{}{}", &text[..cut.start], &text[cut.end..]))
}

fn show(path: &[Step]) -> String {
    let parts: Vec<String> = path
        .iter()
        .map(|s| match s {
            Step::Key(k) => k.to_string(),
            Step::Index(i) => i.to_string(),
        })
        .collect();
    format!("`{}`", parts.join("."))
}

fn find<'n>(root: &'n Node, path: &[Step]) -> Result<&'n Node, String> {
    let mut node = root;
    for (i, step) in path.iter().enumerate() {
        node = match (node, step) {
            (Node::Map { entries, .. }, Step::Key(k)) => entries
                .iter()
                .find(|e| e.key == *k)
                .map(|e| &e.value)
                .ok_or_else(|| format!("{} not found", show(&path[..=i])))?,
            (Node::Seq { items, .. }, Step::Index(n)) => items
                .get(*n)
                .ok_or_else(|| format!("{} not found", show(&path[..=i])))?,
            _ => return Err(format!("{} not found", show(&path[..=i]))),
        };
    }
    Ok(node)
}

fn replace(text: &str, entry: &Entry, flow: bool, value: Value) -> Result<String, String> {
    // From just after the key's colon to the end of the old value.
    let colon = text[entry.key_span.end..]
        .find(':')
        .map(|i| entry.key_span.end + i + 1)
        .ok_or("no `:` after the key")?;
    let mut end = entry.value.span().end.max(colon);
    if text[..end].ends_with('\n') {
        end -= 1;
    }
    let indent = column(text, entry.key_span.start);
    let old_flow_list = matches!(entry.value, Node::Seq { flow: true, .. });
    let rendered = render(value, flow || old_flow_list, indent);
    Ok(format!("{}{rendered}{}", &text[..colon], &text[end..]))
}

fn insert(
    text: &str,
    entries: &[Entry],
    flow: bool,
    key: &str,
    value: Value,
    after: &[&str],
) -> Result<String, String> {
    let anchor = entries
        .iter()
        .rev()
        .find(|e| after.contains(&e.key.as_str()))
        .or(entries.last())
        .ok_or("the map is empty")?;
    let value_end = anchor.value.span().end;
    if flow {
        let rendered = render(value, true, 0);
        return Ok(format!(
            "{}, {key}:{rendered}{}",
            &text[..value_end],
            &text[value_end..]
        ));
    }
    let indent = column(text, anchor.key_span.start);
    let lists_in_flow = matches!(anchor.value, Node::Seq { flow: true, .. });
    let rendered = render(value, lists_in_flow, indent);
    // After the line on which the anchor's value ends (a block scalar ends at a line start).
    let at = if text[..value_end].ends_with('\n') {
        value_end
    } else {
        text[value_end..]
            .find('\n')
            .map_or(text.len(), |i| value_end + i + 1)
    };
    let newline = if text[..at].ends_with('\n') { "" } else { "\n" };
    Ok(format!(
        "{}{newline}{}{key}:{rendered}\n{}",
        &text[..at],
        " ".repeat(indent),
        &text[at..]
    ))
}

/// The number of characters between the start of the line and `at`.
fn column(text: &str, at: usize) -> usize {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..at].chars().count()
}

/// The value as it follows `key:`, including the leading space or line break.
fn render(value: Value, flow: bool, indent: usize) -> String {
    match value {
        Value::Text(t) if flow => format!(" {}", quoted(t)),
        Value::Text(t) => format!(" {}", scalar(t)),
        Value::List(items) if flow => {
            let items: Vec<String> = items.iter().map(|i| quoted(i)).collect();
            format!(" [{}]", items.join(", "))
        }
        Value::List(items) => items
            .iter()
            .map(|i| format!("\n{}- {}", " ".repeat(indent + 2), scalar(i)))
            .collect(),
        Value::Json(v, orders) => apply::render_json(v, flow, indent, orders),
    }
}

/// A scalar for block context: plain when YAML would read it back as the same string,
/// double-quoted otherwise.
fn scalar(text: &str) -> String {
    let first = text.chars().next();
    let plain = !text.is_empty()
        && text.trim() == text
        && !text.contains(['\n', '\r', '\t', '"', '\''])
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !first.is_some_and(|c| "-?:,[]{}#&*!|>%@`".contains(c))
        && !looks_typed(text);
    if plain { text.to_owned() } else { quoted(text) }
}

/// Plain scalars that YAML 1.2 reads as something other than a string.
fn looks_typed(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    // YAML 1.1 readers also take yes/no/on/off for booleans: quote those too.
    matches!(
        lower.as_str(),
        "true" | "false" | "null" | "~" | ".inf" | ".nan" | "yes" | "no" | "on" | "off"
    ) || text.parse::<f64>().is_ok()
        || lower.starts_with("0x")
        || lower.starts_with("0o")
}

fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The tree of the YAML in `text[range]`, with positions in `text`.
fn parse(text: &str, range: Range<usize>) -> Result<Node, String> {
    let base = range.start;
    let mut events = Parser::new_from_str(&text[range])
        .filter(|e| !matches!(e, Ok((Event::Comment(..), _))))
        .map(|e| {
            let (event, span) = e.map_err(|e| format!("invalid YAML: {e}"))?;
            let r = span.byte_range().ok_or("the parser gave no position")?;
            // A block scalar's span runs into the next line's indentation: end it at the line.
            let mut end = r.end + base;
            if matches!(event, Event::Scalar(..)) {
                let trimmed = text[r.start + base..end].trim_end_matches([' ', '\t']);
                if trimmed.ends_with('\n') {
                    end = r.start + base + trimmed.len();
                }
            }
            Ok((event, r.start + base..end))
        });
    let mut next = || events.next().unwrap_or(Err("the file ends early".into()));
    loop {
        match next()? {
            (Event::StreamStart | Event::DocumentStart(..), _) => continue,
            (Event::StreamEnd, _) => return Err("the file is empty".into()),
            (event, span) => return node(event, span, &mut next),
        }
    }
}

/// The node that starts with `event`, reading its children from `next`.
fn node<'a>(
    event: Event<'a>,
    span: Range<usize>,
    next: &mut dyn FnMut() -> Result<(Event<'a>, Range<usize>), String>,
) -> Result<Node, String> {
    match event {
        Event::Scalar(value, ..) => Ok(Node::Scalar {
            value: value.into_owned(),
            span,
        }),
        Event::MappingStart(style, ..) => {
            let mut entries = Vec::new();
            loop {
                let (event, key_span) = next()?;
                match event {
                    Event::MappingEnd => {
                        let end = match style {
                            StructureStyle::Flow => key_span.end,
                            StructureStyle::Block => entries
                                .last()
                                .map_or(span.end, |e: &Entry| e.value.span().end),
                        };
                        return Ok(Node::Map {
                            flow: style == StructureStyle::Flow,
                            entries,
                            span: span.start..end,
                        });
                    }
                    Event::Scalar(key, ..) => {
                        let (event, vspan) = next()?;
                        let value = node(event, vspan, next)?;
                        entries.push(Entry {
                            key: key.into_owned(),
                            key_span,
                            value,
                        });
                    }
                    _ => return Err("only text keys are supported here".into()),
                }
            }
        }
        Event::SequenceStart(style, ..) => {
            let mut items = Vec::new();
            loop {
                let (event, item_span) = next()?;
                match event {
                    Event::SequenceEnd => {
                        let end = match style {
                            StructureStyle::Flow => item_span.end,
                            StructureStyle::Block => {
                                items.last().map_or(span.end, |i: &Node| i.span().end)
                            }
                        };
                        return Ok(Node::Seq {
                            flow: style == StructureStyle::Flow,
                            items,
                            span: span.start..end,
                        });
                    }
                    event => items.push(node(event, item_span, next)?),
                }
            }
        }
        _ => Err("anchors, aliases and tags are not supported in translated fields".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set_in(text: &str, path: &[Step], key: &str, value: Value) -> String {
        set(text, 0..text.len(), path, key, value, &["nl", "en", "ar"]).unwrap()
    }

    #[test]
    fn a_new_language_goes_in_site_order_and_nothing_else_moves() {
        let text = "id: gp  # the GP\nname:\n  nl: Huisarts   # Dutch\n  en: GP\n  fa: پزشک\n\ncategory: health\n";
        let out = set_in(text, &[Step::Key("name")], "ar", Value::Text("طبيب"));
        assert_eq!(
            out,
            "id: gp  # the GP\nname:\n  nl: Huisarts   # Dutch\n  en: GP\n  ar: طبيب\n  fa: پزشک\n\ncategory: health\n"
        );
    }

    #[test]
    fn a_language_is_removed_with_its_line_or_its_comma() {
        let path = [Step::Key("name")];
        let text = "id: gp\nname:\n  nl: Huisarts   # Dutch\n  en: GP\n  ar: |\n    طبيب\n    عائلة\ncategory: health\n";
        let out = remove(text, 0..text.len(), &path, "ar").unwrap();
        assert_eq!(
            out,
            "id: gp\nname:\n  nl: Huisarts   # Dutch\n  en: GP\ncategory: health\n"
        );
        let out = remove(&out, 0..out.len(), &path, "en").unwrap();
        assert_eq!(
            out,
            "id: gp\nname:\n  nl: Huisarts   # Dutch\ncategory: health\n"
        );
        let text = "name: {nl: Huisarts, en: GP, ar: طبيب}\n";
        let out = remove(text, 0..text.len(), &path, "en").unwrap();
        assert_eq!(out, "name: {nl: Huisarts, ar: طبيب}\n");
        let out = remove(&out, 0..out.len(), &path, "nl").unwrap();
        assert_eq!(out, "name: {ar: طبيب}\n");
        assert!(remove(&out, 0..out.len(), &path, "ar").is_err());
        assert_eq!(remove(&out, 0..out.len(), &path, "ti").unwrap(), out);
    }

    #[test]
    fn an_existing_value_is_replaced_in_place() {
        let text = "name:\n  nl: Huisarts\n  en: 'Old GP'  # keep me\nx: 1\n";
        let out = set_in(
            text,
            &[Step::Key("name")],
            "en",
            Value::Text("GP: family doctor"),
        );
        assert_eq!(
            out,
            "name:\n  nl: Huisarts\n  en: \"GP: family doctor\"  # keep me\nx: 1\n"
        );
    }

    #[test]
    fn flow_maps_and_nested_paths() {
        let text = "phones:\n  - number: 0341 700 100\n    label: {nl: Balie, en: Desk}\n";
        let path = [Step::Key("phones"), Step::Index(0), Step::Key("label")];
        let out = set_in(text, &path, "ti", Value::Text("ቤት"));
        assert_eq!(
            out,
            "phones:\n  - number: 0341 700 100\n    label: {nl: Balie, en: Desk, ti: \"ቤት\"}\n"
        );
        let out = set_in(&out, &path, "en", Value::Text("Front desk"));
        assert!(
            out.contains("{nl: Balie, en: \"Front desk\", ti: \"ቤት\"}"),
            "{out}"
        );
    }

    #[test]
    fn lists_replace_and_insert_in_block_style() {
        let text = "helps_with:\n  nl:\n    - Huur\n    - Toeslag\n  en:\n    - Rent\nrole: x\n";
        let list = ["إيجار".to_owned(), "yes".to_owned()];
        let out = set_in(text, &[Step::Key("helps_with")], "ar", Value::List(&list));
        assert_eq!(
            out,
            "helps_with:\n  nl:\n    - Huur\n    - Toeslag\n  en:\n    - Rent\n  ar:\n    - إيجار\n    - \"yes\"\nrole: x\n"
        );
        let two = ["Rent".to_owned(), "Allowance".to_owned()];
        let out = set_in(&out, &[Step::Key("helps_with")], "en", Value::List(&two));
        assert!(
            out.contains("  en:\n    - Rent\n    - Allowance\n  ar:"),
            "{out}"
        );
    }

    #[test]
    fn block_scalars_and_a_missing_final_newline() {
        let text = "description:\n  nl: |\n    Twee\n    regels\n  en: Two lines";
        let out = set_in(
            text,
            &[Step::Key("description")],
            "ar",
            Value::Text("سطران"),
        );
        assert_eq!(
            out,
            "description:\n  nl: |\n    Twee\n    regels\n  en: Two lines\n  ar: سطران\n"
        );
        let out = set_in(text, &[Step::Key("description")], "nl", Value::Text("Een"));
        assert_eq!(out, "description:\n  nl: Een\n  en: Two lines");
    }

    #[test]
    fn unknown_paths_are_errors() {
        let text = "name: {nl: a}\n";
        let e = set(
            text,
            0..text.len(),
            &[Step::Key("role")],
            "en",
            Value::Text("b"),
            &[],
        );
        assert_eq!(e.unwrap_err(), "`role` not found");
    }
}
