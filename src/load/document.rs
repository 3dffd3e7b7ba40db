//! One YAML document (a file, or a guide's front matter) read into its raw type, refusing
//! unknown and duplicate keys and tags, and read on after a mistake in one field so that every
//! problem of the document is reported at once.

use std::ops::Range;
use std::sync::Arc;

use serde::de::DeserializeOwned;

use super::recover;
use super::yaml_errors::{self, first_tag, yaml_error};
use crate::diagnostics::{Diagnostic, SourceFile};

/// What reading a document gave: its data when it could be read, perhaps only after leaving
/// out fields that `problems` names, and every problem found.
#[derive(Debug)]
pub struct Parsed<T> {
    pub data: Option<T>,
    pub problems: Vec<Diagnostic>,
}

impl<T> Parsed<T> {
    pub(super) fn failed(problem: Diagnostic) -> Self {
        Parsed {
            data: None,
            problems: vec![problem],
        }
    }

    pub(super) fn ok(data: T) -> Self {
        Parsed {
            data: Some(data),
            problems: Vec::new(),
        }
    }

    /// The data of a document without problems, else its first problem.
    pub fn first_problem(self) -> Result<T, Diagnostic> {
        match (self.data, self.problems.into_iter().next()) {
            (_, Some(problem)) => Err(problem),
            (Some(data), None) => Ok(data),
            // Not made by `parse_yaml`, which says why whenever it gives no data.
            (None, None) => Err(Diagnostic::error("the document could not be read")
                .help("check the lines of the file: the indentation, the colons and the quotes")),
        }
    }
}

/// The most problems reported for one document: beyond that, the file is best looked at whole.
const MAX_PROBLEMS_PER_DOCUMENT: usize = 20;

/// Parses `range` of `file` as YAML 1.2 into `T`, refusing unknown and duplicate keys and
/// tags. After a mistake in one field it reads on without that field (`recover.rs`), so that
/// every problem of the document is reported at once.
///
/// The parser recurses deeply (hundreds of kilobytes of stack for one file in a debug build),
/// and files are parsed on rayon's workers, whose stacks may be small: whenever less than 1 MB
/// is left, it runs on a fresh 8 MB stack (reserved, not touched).
pub fn parse_yaml<T: DeserializeOwned>(file: &Arc<SourceFile>, range: Range<usize>) -> Parsed<T> {
    stacker::maybe_grow(1 << 20, 8 << 20, || parse_yaml_here(file, range))
}

fn parse_yaml_here<T: DeserializeOwned>(file: &Arc<SourceFile>, range: Range<usize>) -> Parsed<T> {
    use recover::Step;
    let base = range.start;
    let mut text = file.text[range].to_owned();
    if is_blank_yaml(&text) {
        let what = if base == 0 {
            "the file"
        } else {
            "the front matter"
        };
        return Parsed::failed(
            Diagnostic::error(format!("{what} is empty"))
                .at(file, base..base)
                .help("write the fields the README's reference lists for this kind of file; the example site has one of each"),
        );
    }
    let mut problems = Vec::new();
    // The fields left out so far, by key position: when the parser then misses one of them,
    // the group it stands in is left out instead.
    let mut left_out: Vec<(String, usize)> = Vec::new();
    let mut options = serde_saphyr::Options::default();
    options.with_snippet = false;
    while problems.len() < MAX_PROBLEMS_PER_DOCUMENT {
        // Tags are cheap to rule out: a file without `!` has none.
        let tagged = text
            .contains('!')
            .then(|| first_tag(file, base, &text))
            .flatten();
        let (problem, step) = match tagged {
            Some(d) => {
                let at = d.span.clone().unwrap_or(base..base);
                (Some(d), Step::Bytes(at.start - base..at.end - base))
            }
            None => match serde_saphyr::from_str_with_options(&text, options.clone()) {
                Ok(data) => {
                    return Parsed {
                        data: Some(data),
                        problems,
                    };
                }
                Err(e) => {
                    let d = yaml_error(file, base, &e);
                    let at = e.location().filter(|l| l.line() > 0).map(|l| {
                        l.span()
                            .byte_offset()
                            .map(|o| o as usize)
                            .unwrap_or_else(|| offset_of(&text, l.line(), l.column()))
                    });
                    let message = yaml_errors::message_of(&e);
                    let missed = message
                        .strip_prefix("missing field `")
                        .and_then(|m| m.split('`').next())
                        .and_then(|k| left_out.iter().rev().find(|(key, _)| key == k));
                    match (missed, at) {
                        // A consequence of leaving a field out, not a problem of its own.
                        (Some((_, key_at)), _) => match recover::parent_key(&text, *key_at) {
                            Some(parent) => (None, Step::Field(parent)),
                            None => break,
                        },
                        (None, Some(at))
                            if !message.starts_with("unknown field")
                                && !message.starts_with("duplicate mapping key")
                                && !message.starts_with("missing field")
                                && !yaml_errors::is_tab_message(&message)
                                && let Some(key) = recover::empty_key_near(&text, at) =>
                        {
                            let step = if recover::starts_line(&text, key) {
                                Step::Field(key)
                            } else {
                                Step::FieldOf(key)
                            };
                            // Emptied by leaving out what was under it: a consequence.
                            let emptied = recover::starts_line(&text, key)
                                && !recover::is_empty_field(
                                    &file.text[base..base + text.len()],
                                    key,
                                );
                            let d =
                                (!emptied).then(|| yaml_errors::empty_value_error(file, base, key));
                            (d, step)
                        }
                        (None, Some(at)) => {
                            let step = if message.starts_with("unknown field")
                                || message.starts_with("duplicate mapping key")
                            {
                                Step::Field(at)
                            } else if yaml_errors::is_tab_message(&message) {
                                Step::Tabs(at)
                            } else if yaml_errors::is_value_message(&message) {
                                Step::FieldOf(at)
                            } else {
                                problems.push(d);
                                break;
                            };
                            (Some(d), step)
                        }
                        (None, None) => {
                            problems.push(d);
                            break;
                        }
                    }
                }
            },
        };
        problems.extend(problem);
        match recover::apply(&mut text, step) {
            Some(key) => left_out.extend(key),
            None => break,
        }
    }
    Parsed {
        data: None,
        problems,
    }
}

/// Whether `text` holds nothing but blank lines and comments.
pub fn is_blank_yaml(text: &str) -> bool {
    text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#') || l == "---" || l == "..."
    })
}

/// Byte offset of a 1-based line and column (in characters).
pub(crate) fn offset_of(text: &str, line: u64, column: u64) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1) as usize)
        .map(str::len)
        .sum();
    let rest = &text[line_start.min(text.len())..];
    line_start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1) as usize)
            .map_or(rest.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::super::raw;
    use super::*;

    fn file(text: &str) -> Arc<SourceFile> {
        Arc::new(SourceFile {
            path: "x.yaml".into(),
            text: text.into(),
        })
    }

    #[test]
    fn tabs_and_twice_written_fields_are_pointed_at() {
        let f = file("id: x\nname:\n\tnl: a\n");
        let e = parse_yaml::<raw::RawCategory>(&f, 0..f.text.len())
            .first_problem()
            .unwrap_err();
        assert_eq!(e.line_col(), Some((3, 1)), "{}", e.message);
        assert!(e.message.contains("tab"), "{}", e.message);
        let f = file("id: x\nname: {nl: a}\nicon: health\nid: y\n");
        let e = parse_yaml::<raw::RawCategory>(&f, 0..f.text.len())
            .first_problem()
            .unwrap_err();
        assert_eq!(e.line_col(), Some((4, 1)), "{}", e.message);
        assert_eq!(e.message, "`id` is written twice");
        assert!(e.help.unwrap().contains("on line 1"));
    }

    #[test]
    fn every_problem_of_a_document_is_reported_at_once() {
        let f = file(
            "id: x\nadress: a\nname:\n  nl: a\nwebsite: [a, b]\nopening_hours:\n  do: [9:00-12:00]\n  thu: 18:30-20:30\n  note:\n    nl: a\n\ten: b\ncategory: c\ndescription: {nl: d}\n",
        );
        let parsed = parse_yaml::<raw::RawService>(&f, 0..f.text.len());
        let found: Vec<_> = parsed
            .problems
            .iter()
            .map(|d| (d.line_col().unwrap().0, d.message.as_str()))
            .collect();
        assert_eq!(found.len(), 5, "{found:#?}");
        assert_eq!(
            found.iter().map(|(l, _)| *l).collect::<Vec<_>>(),
            [2, 5, 7, 8, 11]
        );
        assert!(
            parsed.data.is_some(),
            "read on without the fields: {found:#?}"
        );
    }

    #[test]
    fn a_required_field_left_out_takes_its_group_along() {
        // `lat` cannot be read and cannot be left out: `location` goes, which may be left out.
        let f = file("id: x\nlocation:\n  lat: north\n  lon: 5\nbogus: 1\n");
        let parsed = parse_yaml::<raw::RawService>(&f, 0..f.text.len());
        let found: Vec<_> = parsed.problems.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[1].contains("`bogus`"), "{found:#?}");
        assert_eq!(found[2], "`name` is missing", "{found:#?}");
    }

    #[test]
    fn reading_on_never_panics_on_mangled_lines() {
        // Every line of two example files, mangled in ways people mangle YAML: each parse
        // ends in data or problems, never a panic, and always says why it has no data.
        let files = [
            include_str!("../../content/services/health-centre.yaml"),
            include_str!("../../content/contacts/amira-haddad.yaml"),
        ];
        let mangles: [fn(&str) -> String; 6] = [
            |l| format!("\t{l}"),
            |l| l.replacen(':', "", 1),
            |l| l.replacen(": ", ": [", 1),
            |l| l.replacen(": ", ":\n  - ", 1),
            |l| format!("{l}: x"),
            |l| l.replace(' ', "\u{a0}"),
        ];
        for text in files {
            let lines: Vec<&str> = text.lines().collect();
            for i in 0..lines.len() {
                for mangle in mangles {
                    let mut changed = lines.clone();
                    let new = mangle(lines[i]);
                    changed[i] = &new;
                    let f = file(&changed.join("\n"));
                    let (data, problems) = if text.contains("helps_with") {
                        let p = parse_yaml::<raw::RawContact>(&f, 0..f.text.len());
                        (p.data.is_some(), p.problems.len())
                    } else {
                        let p = parse_yaml::<raw::RawService>(&f, 0..f.text.len());
                        (p.data.is_some(), p.problems.len())
                    };
                    assert!(data || problems > 0, "{}", f.text);
                }
            }
        }
    }

    #[test]
    fn messages_speak_no_parser_jargon() {
        let meta = [
            "title: a\nsummary: b: c\n",
            "title: a\n summary: b\n",
            "title: \"a\nsummary: b\n",
            "title: a\nsummary: [b\n",
            "title: a\nsummary: {b\n",
            "title: a\nsummary: @b\n",
            "title: a\nsummary: *b\n",
            "title: a\n- b\n",
            "title: a\nsummary: b\norder: first\n",
            "title: a\nsummary: b\norder: 99999999999\n",
            "title: [a]\nsummary: b\n",
            "title: a\nsummary: b\nservices: x\n",
        ];
        let jargon = [
            "scalar", "mapping", "sequence", "flow", "token", "i32", "f64", "parsing", "scanning",
            "node", "anchor", "alias",
        ];
        for text in meta {
            let f = file(text);
            let parsed = parse_yaml::<raw::RawGuideMeta>(&f, 0..f.text.len());
            assert!(!parsed.problems.is_empty(), "{text:?}");
            for d in parsed.problems {
                let said = format!("{} {}", d.message, d.help.unwrap_or_default());
                assert!(!jargon.iter().any(|j| said.contains(j)), "{text:?}: {said}");
            }
        }
        let f = file(
            "id: x\nname: a\nrole: {nl: a}\nservice: s\nhelps_with: {nl: [a]}\nwhatsapp: maybe\n",
        );
        let d = parse_yaml::<raw::RawContact>(&f, 0..f.text.len())
            .first_problem()
            .unwrap_err();
        assert_eq!(d.message, "yes or no is needed here");
    }

    #[test]
    fn yaml_errors_are_located() {
        let f = file("id: x\nname:\n  nl: a\nbogus: 1\n");
        let e = parse_yaml::<raw::RawCategory>(&f, 0..f.text.len())
            .first_problem()
            .unwrap_err();
        assert_eq!(e.line_col(), Some((4, 1)));
        assert!(e.message.contains("unknown field `bogus`"), "{}", e.message);
    }

    #[test]
    fn yaml_1_2_keeps_no_and_nl_as_strings() {
        let f = file("id: no\nname:\n  nl: NL\n  en: on\n");
        let c: raw::RawCategory = parse_yaml(&f, 0..f.text.len()).first_problem().unwrap();
        assert_eq!(c.id.value, "no");
        let names: Vec<_> = c
            .name
            .value
            .0
            .iter()
            .map(|(k, v)| (k.value.as_str(), v.as_str()))
            .collect();
        assert_eq!(names, [("nl", "NL"), ("en", "on")]);
    }
}
