//! YAML mistakes said in staff's words: where the parser's message is jargon ("expected
//! sequence start"), the line written out as it should be; a misspelt or Dutch field name or
//! day name, the one meant; a tab, a duplicate key and a YAML tag pointed at.

use std::ops::Range;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, SourceFile};

use super::offset_of;

/// The first YAML tag (`!include`, `!!binary`, `!!str`) in `text`: wegwijs reads plain values,
/// and a tag would otherwise change a value silently or be ignored.
pub(super) fn first_tag(file: &Arc<SourceFile>, base: usize, text: &str) -> Option<Diagnostic> {
    use granit_parser::{Event, Parser};
    for item in Parser::new_from_str(text) {
        let Ok((event, span)) = item else {
            // Syntax errors are reported by the real parse, with its message.
            return None;
        };
        let tagged = match &event {
            Event::Scalar(_, _, _, tag)
            | Event::SequenceStart(_, _, tag)
            | Event::MappingStart(_, _, tag) => tag.is_some(),
            _ => false,
        };
        if !tagged {
            continue;
        }
        let marker = span.tag_start.unwrap_or(span.start);
        let start = marker
            .byte_offset()
            .unwrap_or_else(|| offset_of(text, marker.line() as u64, marker.col() as u64 + 1));
        let written: String = text[start.min(text.len())..]
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != ',' && *c != ']' && *c != '}')
            .collect();
        let at = base + start;
        return Some(
            Diagnostic::error(format!("YAML tag `{written}` is not allowed here"))
                .at(file, at..at + written.len())
                .label("a tag")
                .help(
                    "wegwijs reads plain values: remove the tag. To write text that starts with \
                     `!`, put it in quotes: \"!…\"",
                ),
        );
    }
    None
}

pub(super) fn yaml_error(
    file: &Arc<SourceFile>,
    base: usize,
    e: &serde_saphyr::Error,
) -> Diagnostic {
    let message = message_of(e);
    let unknown = unknown_field_help(&message);
    let plain = plain_words(&message);
    let help = if let Some(help) = &unknown {
        help.as_str()
    } else if let Some((_, help)) = plain {
        help
    } else if message.starts_with("missing field") {
        "this kind of file needs it: add a line for it (the README's reference shows an example of every field)"
    } else if message.starts_with("duplicate mapping key") {
        "a field may appear only once: remove one of them"
    } else if is_value_message(&message) {
        "check the value's type: text, a number, a list (`[a, b]`) or a map (`key: value`)"
    } else {
        "check the lines around this place: the indentation (spaces, the same for fields of one group), the colons after field names, and quotes that are closed"
    };
    let is_field = ["unknown field", "missing field", "duplicate"]
        .iter()
        .any(|p| message.starts_with(p))
        || is_value_message(&message);
    let missing = message.starts_with("missing field");
    let message = match plain {
        Some((plain, _)) => plain.to_owned(),
        None if missing => match message.split('`').nth(1) {
            Some(key) => missing_message(key),
            None => message,
        },
        None if is_field => message,
        None => format!("this part of the file cannot be read ({message})"),
    };
    let at = match e.location() {
        Some(loc) if loc.line() > 0 => {
            let span = loc.span();
            let start = base
                + span
                    .byte_offset()
                    .map(|o| o as usize)
                    .unwrap_or_else(|| offset_of(&file.text[base..], loc.line(), loc.column()));
            let len = span.byte_len().unwrap_or(1).max(1) as usize;
            Some(start..start + len)
        }
        _ => None,
    };
    // Two kinds of mistake read better in staff's words than in the parser's.
    if is_tab_message(&message)
        && let Some(at) = &at
    {
        return tab_error(file, at.start);
    }
    if let (Some(key), Some(at)) = (message.strip_prefix("duplicate mapping key: "), &at) {
        let key = key.split(',').next().unwrap_or(key).trim();
        return duplicate_key_error(file, base, at.clone(), key);
    }
    if let (Some(wanted), Some(at)) = (
        match message.as_str() {
            "expected sequence start" => Some(Wanted::List),
            "expected mapping start" => Some(Wanted::Fields),
            m if m.starts_with("expected ") && m.ends_with(" scalar") => Some(Wanted::Single),
            _ => None,
        },
        &at,
    ) {
        return shape_error(file, at.clone(), wanted);
    }
    let d = Diagnostic::error(message).help(help);
    match at {
        // The parser reports a missing field where the mapping ended, which reads as if the
        // next line were wrong: point at the start of the document instead.
        _ if missing => d.at(file, base..base),
        Some(at) => d.at(file, at),
        None => d.in_file(file),
    }
}

/// The message for a field a file lacks.
fn missing_message(key: &str) -> String {
    format!("`{key}` is missing")
}

/// The field a message made by [`missing_message`] names: the editor shows it at that field.
pub fn missing_field(message: &str) -> Option<&str> {
    message.strip_suffix("` is missing")?.strip_prefix('`')
}

/// The parser's message without its own "at line …" (the snippet shows where).
pub(super) fn message_of(e: &serde_saphyr::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// Whether the parser's message is about one value of the wrong kind (not about the syntax).
pub(super) fn is_value_message(message: &str) -> bool {
    let typed = [
        "invalid type",
        "invalid value",
        "invalid length",
        "expected ",
    ]
    .iter()
    .any(|p| message.starts_with(p));
    typed
        || message.strip_prefix("invalid ").is_some_and(|kind| {
            kind == "floating point" || kind == "boolean" || is_number_kind(kind)
        })
}

/// Whether `kind` is one of Rust's integer types, as the parser names them (`u8`, `i32`).
fn is_number_kind(kind: &str) -> bool {
    matches!(
        kind,
        "u8" | "u16" | "u32" | "u64" | "i8" | "i16" | "i32" | "i64" | "usize" | "isize"
    )
}

/// The parser's message and a help in staff's words, for the messages that have them.
fn plain_words(message: &str) -> Option<(&'static str, &'static str)> {
    let quote_help = "put the value in quotes: `\"…\"`";
    Some(match message {
        "invalid floating point" => (
            "a number is needed here",
            "write a number, with a point before the decimals: `52.3424`",
        ),
        "invalid boolean" => (
            "yes or no is needed here",
            "write `true` (yes) or `false` (no)",
        ),
        m if m.strip_prefix("invalid ").is_some_and(is_number_kind) => (
            "a whole number is needed here",
            "write a whole number without a point, such as `1`, `2` or `10`",
        ),
        m if m.contains("mapping values are not allowed") => (
            "a `: ` where a value goes on, or a line indented further than the field before it",
            "put text that holds `: ` in quotes (`summary: \"Let op: …\"`); start a field in the same column as the fields beside it",
        ),
        m if m.contains("did not find expected key")
            || m.contains("did not find expected '-'")
            || m.starts_with("invalid indentation")
            || m.contains("mapping keys are not allowed") =>
        {
            (
                "this line is not indented like the lines around it",
                "fields of one group start in the same column, with spaces (two per level) under the field they belong to; check this line and the one before it",
            )
        }
        m if m.contains("flow sequence") || m.contains("unclosed bracket '['") => (
            "a list in square brackets is not closed properly",
            "write the values between `[` and `]` with commas between them; put a value that holds a comma or a bracket in quotes",
        ),
        m if m.contains("flow mapping") || m.contains("unclosed bracket '{'") => (
            "a group in braces is not closed properly",
            "write the fields between `{` and `}` with commas between them, or each on a line of its own",
        ),
        m if m.contains("quote") || m.contains("quoted scalar") => (
            "a quoted text is not closed, or something follows its closing quote",
            "end the text with the quote it starts with; for a quote inside the text, use the other kind around it: \"it's\"",
        ),
        m if m.starts_with("unexpected character") || m.contains("node content") => (
            "this value starts with a character YAML reserves (such as `@`, `` ` `` or `%`)",
            quote_help,
        ),
        m if m.contains("anchor") || m.contains("alias") => (
            "a value that starts with `&` or `*` has a special meaning in YAML",
            quote_help,
        ),
        _ => return None,
    })
}

/// A key with nothing after it (`en:`, `street:`, `sun:`), said as such: the parser reports
/// it as a value of the wrong kind ("cannot deserialize null"), or at the group around it.
/// `key` is where the key starts, counted from `base`.
pub(super) fn empty_value_error(file: &Arc<SourceFile>, base: usize, key: usize) -> Diagnostic {
    let text = &file.text[base + key..];
    let name = text[..text.find(':').unwrap_or(0)].trim();
    let at = base + key..base + key + name.len();
    let is_day = DAY_WORDS.iter().any(|(_, d, _)| *d == name);
    let is_language = !is_day
        && !matches!(name, "id" | "lat" | "lon" | "dir")
        && crate::model::Lang::parse(name).is_ok_and(|l| l.as_str() == name)
        && name
            .split('-')
            .next()
            .is_some_and(|l| (2..=3).contains(&l.len()));
    let (message, help) = if is_day {
        (
            format!("`{name}` has no opening hours"),
            format!(
                "write the hours in square brackets, `{name}: [09:00-12:00]`, or remove the line `{name}:` when the service is closed that day"
            ),
        )
    } else if is_language {
        (
            format!("`{name}` has no text"),
            format!(
                "write the text in this language after `{name}:`, or remove the line `{name}:`: until it is translated, the text in the site's first language is shown"
            ),
        )
    } else {
        (
            format!("`{name}` has no value"),
            format!(
                "write its value after `{name}:` (the README's reference has an example of every field), or remove the line when the field may be left out"
            ),
        )
    };
    Diagnostic::error(message)
        .at(file, at)
        .label("nothing after the colon")
        .help(help)
}

/// Whether the parser's message is about a tab (in the indentation, or where a value goes on).
pub(super) fn is_tab_message(message: &str) -> bool {
    message.contains("tabs disallowed") || message.contains("found a tab")
}

/// What a place in a file needed where something else was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wanted {
    List,
    Fields,
    /// One value (text, a number, yes or no), where a list or fields were written.
    Single,
}

/// A single value where a list (or a group of fields) belongs, with the line written out as
/// it should be: `thu: 18:30-20:30` → `thu: [18:30-20:30]`.
fn shape_error(file: &Arc<SourceFile>, at: Range<usize>, wanted: Wanted) -> Diagnostic {
    let text = &file.text;
    let start = at.start.min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = text[line_start..line_end].trim();
    let (message, help) = match (wanted, line.split_once(": ")) {
        // `sun: closed`, `zo: gesloten`: a day without hours is left out.
        (Wanted::List, Some((key, value)))
            if DAY_WORDS.iter().any(|(_, d, _)| *d == key.trim())
                && !value.contains(|c: char| c.is_ascii_digit()) =>
        {
            (
                "a day's opening hours are times, like `[09:00-12:00]`",
                format!(
                    "a day the service is closed is left out: remove the line `{}` (days without a line are shown as closed)",
                    line
                ),
            )
        }
        (Wanted::List, Some((key, value))) if !value.trim().starts_with('[') => (
            "a list is needed here, not a single value",
            format!(
                "write the value in square brackets: `{key}: [{}]` (more values go in the same brackets, separated by commas)",
                value.trim()
            ),
        ),
        (Wanted::List, _) => (
            "a list is needed here, not a single value",
            "write the values in square brackets, with commas between them: `[a, b]`".to_owned(),
        ),
        (Wanted::Fields, Some((key, value)))
            if TRANSLATED.contains(&key.trim_start_matches("- ").trim())
                && !value.trim().is_empty() =>
        {
            let key = key.trim_start_matches("- ").trim();
            let value = value.trim();
            let value = if key == "helps_with" && !value.starts_with('[') {
                format!("[{value}]")
            } else {
                value.to_owned()
            };
            (
                "this text is written per language",
                format!(
                    "write the language before the text: `{key}: {{nl: {value}}}`, and other languages after it inside the braces (`{{nl: …, en: …}}`)"
                ),
            )
        }
        (Wanted::Fields, _) => (
            "a group of fields is needed here, not a single value",
            "write the fields in braces, `{street: Dorpsstraat 1, city: Lindewaard}`, or each on a line of its own, indented under this one".to_owned(),
        ),
        (Wanted::Single, split) => {
            let list = text[start..].starts_with(['[', '-']);
            let key = split.map_or("the field", |(key, _)| key.trim_start_matches("- "));
            (
                if list {
                    "a single value is needed here, not a list"
                } else {
                    "a single value is needed here, not a group of fields"
                },
                format!("write one value after `{key}:` on the same line, without brackets or fields under it"),
            )
        }
    };
    let label = match wanted {
        Wanted::Single => "more than one value",
        Wanted::List | Wanted::Fields => "a single value",
    };
    Diagnostic::error(message)
        .at(file, at)
        .label(label)
        .help(help)
}

/// The fields whose text is written per language (`name: {nl: …, en: …}`).
const TRANSLATED: &[&str] = &[
    "name",
    "welcome",
    "description",
    "role",
    "helps_with",
    "label",
    "note",
];

/// Field names staff write in Dutch (or in full) for the ones wegwijs reads.
const FIELD_WORDS: &[(&str, &[&str])] = &[
    ("adres", &["address"]),
    ("naam", &["name"]),
    ("telefoon", &["phone", "phones"]),
    ("telefoonnummer", &["phone", "phones"]),
    ("rol", &["role"]),
    ("functie", &["role"]),
    ("dienst", &["service"]),
    ("organisatie", &["service"]),
    ("talen", &["languages"]),
    ("openingstijden", &["opening_hours"]),
    ("beschrijving", &["description"]),
    ("omschrijving", &["description"]),
    ("categorie", &["category"]),
    ("locatie", &["location"]),
    ("straat", &["street"]),
    ("plaats", &["city"]),
    ("woonplaats", &["city"]),
    ("stad", &["city"]),
    ("titel", &["title"]),
    ("samenvatting", &["summary"]),
    ("helpt_met", &["helps_with"]),
];

/// Day names staff write in Dutch or in full, for the English abbreviations opening hours use.
const DAY_WORDS: &[(&str, &str, &str)] = &[
    ("ma", "mon", "maandag"),
    ("maandag", "mon", "maandag"),
    ("monday", "mon", "Monday"),
    ("di", "tue", "dinsdag"),
    ("dinsdag", "tue", "dinsdag"),
    ("tuesday", "tue", "Tuesday"),
    ("wo", "wed", "woensdag"),
    ("woensdag", "wed", "woensdag"),
    ("wednesday", "wed", "Wednesday"),
    ("do", "thu", "donderdag"),
    ("donderdag", "thu", "donderdag"),
    ("thursday", "thu", "Thursday"),
    ("vr", "fri", "vrijdag"),
    ("vrijdag", "fri", "vrijdag"),
    ("friday", "fri", "Friday"),
    ("za", "sat", "zaterdag"),
    ("zaterdag", "sat", "zaterdag"),
    ("saturday", "sat", "Saturday"),
    ("zo", "sun", "zondag"),
    ("zondag", "sun", "zondag"),
    ("sunday", "sun", "Sunday"),
];

/// For "unknown field `adres`, expected one of id, name, …": the field meant, written out.
fn unknown_field_help(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (wrong, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest
        .split_once("expected one of ")
        .map(|(_, list)| list.split(", ").map(|k| k.trim_matches('`')).collect())
        .or_else(|| {
            rest.split_once("expected ")
                .map(|(_, one)| vec![one.trim_matches('`')])
        })
        .unwrap_or_default();
    let lower = wrong.to_lowercase();
    let knows = |k: &str| expected.contains(&k);
    let reference = "every field is listed in the README's reference";
    if let Some((_, day, word)) = DAY_WORDS.iter().find(|(w, d, _)| *w == lower && knows(d)) {
        return Some(format!(
            "did you mean `{day}`? Opening hours name the days in English, in three letters: mon, tue, wed, thu, fri, sat, sun (`{wrong}` is {word}); write `{day}:`"
        ));
    }
    if let Some(k) = FIELD_WORDS
        .iter()
        .find(|(w, _)| *w == lower)
        .and_then(|(_, ks)| ks.iter().find(|k| knows(k)))
    {
        return Some(format!(
            "did you mean `{k}`? Fields have English names: write `{k}:` ({reference})"
        ));
    }
    let near = crate::diagnostics::nearest(&lower, expected.iter().copied(), 1);
    let far = |k: &str| strsim::levenshtein(k, &lower);
    match near.first() {
        Some(k) if far(k) <= 2.max(wrong.chars().count() / 3) && far(k) < k.len() => {
            Some(format!("did you mean `{k}`? Write `{k}:` ({reference})"))
        }
        _ => Some(format!(
            "remove this field or correct its spelling; {reference}"
        )),
    }
}

/// A tab in the indentation of the line at byte `near`, pointed at.
fn tab_error(file: &Arc<SourceFile>, near: usize) -> Diagnostic {
    let text = &file.text;
    let near = near.min(text.len());
    let line_start = text[..near].rfind('\n').map_or(0, |i| i + 1);
    let tab = text[line_start..]
        .find('\t')
        .map_or(near, |i| line_start + i);
    Diagnostic::error("a tab is used to indent: YAML indents with spaces only")
        .at(file, tab..tab + 1)
        .label("a tab")
        .help("replace the tab by spaces (two per level); many editors can show tabs and turn them into spaces")
}

/// A field written twice in one mapping: the second place pointed at, the first named.
fn duplicate_key_error(
    file: &Arc<SourceFile>,
    base: usize,
    second: Range<usize>,
    key: &str,
) -> Diagnostic {
    let text = &file.text;
    let second_start = second.start.min(text.len());
    let line_start = text[..second_start].rfind('\n').map_or(0, |i| i + 1);
    let indent = &text[line_start..second_start];
    // The first one: the nearest earlier line with the same indentation and the same key.
    let first = text[base.min(line_start)..line_start]
        .match_indices(&format!("\n{indent}{key}:"))
        .map(|(i, _)| base.min(line_start) + i + 1)
        .chain(
            text[base..]
                .starts_with(&format!("{indent}{key}:"))
                .then_some(base),
        )
        .min_by_key(|&i| line_start - i);
    let help = match first {
        Some(first) => {
            let line = text[..first].matches('\n').count() + 1;
            format!(
                "`{key}` is written on line {line} already: a field may appear only once, so remove one of them"
            )
        }
        None => "a field may appear only once: remove one of them".to_owned(),
    };
    Diagnostic::error(format!("`{key}` is written twice"))
        .at(file, second_start..second_start + key.len())
        .label("the second time")
        .help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelt_or_dutch_field_name_gets_the_one_meant() {
        let contact = "expected one of id, name, role, service, phone, email, whatsapp, languages, helps_with, on_card";
        let help = |wrong: &str| {
            unknown_field_help(&format!("unknown field `{wrong}`, {contact}")).unwrap()
        };
        assert!(
            help("whatsap").starts_with("did you mean `whatsapp`?"),
            "{}",
            help("whatsap")
        );
        assert!(
            help("Telefoon").starts_with("did you mean `phone`?"),
            "{}",
            help("Telefoon")
        );
        assert!(
            help("rol").starts_with("did you mean `role`?"),
            "{}",
            help("rol")
        );
        assert!(
            help("shoesize").starts_with("remove this field"),
            "{}",
            help("shoesize")
        );
        // A day in Dutch only where days are read.
        let hours = "unknown field `vr`, expected one of mon, tue, wed, thu, fri, sat, sun, note";
        assert!(
            unknown_field_help(hours)
                .unwrap()
                .starts_with("did you mean `fri`?")
        );
        assert!(!help("vr").contains("`fri`"));
    }
}
