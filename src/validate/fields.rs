//! Single values used in every kind of file: language codes, translated texts, ids,
//! references to other files, phone numbers and e-mail addresses.

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;
use crate::load::Doc;
use crate::load::raw::{RawTr, S};
use crate::model::*;

use super::{Cx, Shown};

impl Cx<'_> {
    pub(super) fn languages_help(&self) -> String {
        let list: Vec<&str> = self.languages.iter().map(Lang::as_str).collect();
        format!(
            "the site's languages are {}; add a language to `languages:` in site.yaml or correct the code",
            list.join(", ")
        )
    }

    /// A valid language code (any language: people speak more than the site publishes).
    pub(super) fn lang<T>(&mut self, doc: &Doc<T>, code: &S<String>) -> Option<Lang> {
        // A language's name where its code belongs (`Arabisch`): BCP 47 would take a word of
        // five to eight letters as a code, and publish it.
        let written = code.value.trim();
        let primary = written.split(['-', '_']).next().unwrap_or(written);
        if primary.len() > 3 {
            let meant = LANGUAGE_NAMES
                .iter()
                .find(|(names, _)| names.contains(&primary.to_lowercase().as_str()))
                .map(|(_, c)| *c);
            let help = match meant {
                Some(c) => format!("did you mean `{c}`? Languages are written as their code"),
                None => "write the language's two- or three-letter code (ISO 639), such as `nl`, `ar`, `ti`, `fa` or `so`".to_owned(),
            };
            self.diags.push(
                doc.error(
                    code,
                    format!("`{written}` is a language's name, not its code"),
                )
                .help(help),
            );
            return None;
        }
        Lang::parse(&code.value)
            .map_err(|e| {
                self.diags.push(
                    doc.error(code, format!("unknown language code: {e}"))
                        .help("write the language's two- or three-letter code (ISO 639), such as `nl`, `ar`, `ti`, `fa` or `so`"),
                )
            })
            .ok()
    }

    pub(super) fn tr<T, V: Visible>(
        &mut self,
        doc: &Doc<T>,
        field: &S<RawTr<V>>,
        shown: Shown,
    ) -> Option<Translated<V>> {
        let mut values = BTreeMap::new();
        for (code, value) in &field.value.0 {
            let Some(lang) = self.lang(doc, code) else {
                continue;
            };
            if !self.languages.contains(&lang) {
                self.diags.push(
                    doc.error(code, format!("unknown language code `{lang}`"))
                        .label("not one of the site's languages")
                        .help(self.languages_help()),
                );
                continue;
            }
            // An empty text would show as nothing on the page and the card.
            if let Some(what) = value.blank() {
                let help = match what {
                    Blank::Text => format!(
                        "write the text, or remove `{lang}:` (a text without `{lang}` shows the source language's)"
                    ),
                    Blank::Item => "write something in the empty item, or remove it".to_owned(),
                };
                let what = match what {
                    Blank::Text => "the text",
                    Blank::Item => "an item of the list",
                };
                self.diags.push(
                    doc.error(code, format!("{what} in `{lang}` is empty"))
                        .label("nothing to show")
                        .help(help),
                );
            }
            // The value follows its language code in the file.
            let value = value.shown(|text| self.shown(doc, doc.span(code).start, text, shown));
            values.insert(lang, value);
        }
        let source = self
            .source
            .clone()
            .expect("set before translated fields are read");
        let t = Translated::new(source.clone(), values);
        if t.is_none() {
            self.diags.push(
                doc.error(field, format!("this text has no `{source}` version"))
                    .help(format!(
                        "every translated text needs the source language: add `{source}: …`"
                    )),
            );
        }
        t
    }

    /// `text`, a value written at or after byte `from` of the file, as readers may see it:
    /// direction controls removed, each with a warning where it is written; on the card, a
    /// warning for characters its fonts cannot draw.
    pub(super) fn shown<T>(
        &mut self,
        doc: &Doc<T>,
        from: usize,
        text: &str,
        shown: Shown,
    ) -> String {
        if shown == Shown::AlsoOnCard {
            self.printable(doc, from, text);
        }
        let Some(clean) = without_bidi_controls(text) else {
            return text.to_owned();
        };
        let file_text = &doc.file.text;
        let from = from.min(file_text.len());
        // The first control of this text, found in the file (where escapes are resolved
        // already, the file still holds the character itself, or its escape `\u202E`).
        let at = file_text[from..]
            .char_indices()
            .find(|(_, c)| is_bidi_control(*c))
            .map(|(i, c)| from + i..from + i + c.len_utf8());
        let c = text
            .chars()
            .find(|c| is_bidi_control(*c))
            .unwrap_or_default();
        let mut d = Diagnostic::warning(format!(
            "invisible direction control U+{:04X} ({}) removed from `{}`",
            c as u32,
            bidi_control_name(c),
            clean.chars().take(60).collect::<String>()
        ));
        d = match at {
            Some(at) if !self.warned.insert((doc.file.path.clone(), at.start)) => return clean,
            Some(at) => d.at(&doc.file, at).label("here"),
            None => d.at(&doc.file, from..from),
        };
        self.diags.push(d.help(
            "it can make a name, address or number read in another order than written; wegwijs \
             leaves it out. Delete it from the file (many editors show it only with \
             \"show invisible characters\")",
        ));
        clean
    }

    /// Warns, where it is written, about each character of `text` (at or after byte `from`)
    /// that none of the card's fonts can draw: it would print as an empty box or as nothing.
    fn printable<T>(&mut self, doc: &Doc<T>, from: usize, text: &str) {
        let Some(glyphs) = self.card_glyphs else {
            return;
        };
        let file_text = &doc.file.text;
        let from = from.min(file_text.len());
        for c in glyphs.missing(text) {
            let at = file_text[from..]
                .char_indices()
                .find(|(_, x)| *x == c)
                .map(|(i, _)| from + i..from + i + c.len_utf8());
            let key = at.as_ref().map_or(from, |r| r.start);
            if !self.warned.insert((doc.file.path.clone(), key)) {
                continue;
            }
            let d = Diagnostic::warning(format!(
                "`{c}` (U+{:04X}) cannot be printed on the pocket card: none of the card's fonts has it",
                c as u32
            ));
            let d = match at {
                Some(at) => d
                    .at(&doc.file, at)
                    .label("prints as an empty box or nothing"),
                None => d.at(&doc.file, from..from),
            };
            self.diags.push(d.help(
                "the website shows it, the printed card does not. Leave it out of the text (a \
                 picture character such as an emoji says nothing on paper), or add a font that \
                 has it to the theme's fonts/ folder",
            ));
        }
    }

    pub(super) fn id<T>(&mut self, doc: &Doc<T>, raw: &S<String>) -> Option<Id> {
        Id::parse(&raw.value)
            .map_err(|e| {
                // The file is named after the id: its name is the likely intended one.
                let stem = super::id_of_file_name(&doc.file.path);
                let help = match stem {
                    Some(stem) => {
                        format!("the file is named `{stem}`: write `id: {stem}`, or rename both")
                    }
                    None => {
                        "write it like `health-centre`; the file name usually repeats it".to_owned()
                    }
                };
                self.diags.push(
                    doc.error(raw, e)
                        .label("ids become parts of web addresses")
                        .help(help),
                )
            })
            .ok()
    }

    /// The id `raw` refers to, when `ids` has it; otherwise an error with the closest ids.
    pub(super) fn reference<T>(
        &mut self,
        doc: &Doc<T>,
        raw: &S<String>,
        kind: &str,
        ids: &super::Ids,
    ) -> Option<Id> {
        if let Some(id) = ids.get(raw.value.as_str()) {
            return Some(id.clone());
        }
        if self.unreadable.contains(&raw.value) {
            return None;
        }
        let suggestion = match ids.named(&raw.value) {
            Some(id) => format!(
                "`{}` is the name of the {kind} with id `{id}`: write the id, `{id}`. ",
                raw.value.trim()
            ),
            None => closest(&raw.value, ids.iter().map(Id::as_str))
                .map(|k| format!("did you mean `{k}`? "))
                .unwrap_or_default(),
        };
        self.diags.push(
            doc.error(raw, format!("unknown {kind} `{}`", raw.value))
                .label(format!("no {kind} has this id"))
                .help(format!(
                    "{suggestion}{} {kind} ids: {}",
                    if suggestion.is_empty() {
                        "known"
                    } else {
                        "Known"
                    },
                    nearest(&raw.value, ids.iter().map(Id::as_str), 12).join(", ")
                )),
        );
        None
    }

    pub(super) fn phone<T>(&mut self, doc: &Doc<T>, raw: &S<String>) -> Option<Phone> {
        Phone::parse(&raw.value, self.region)
            .map_err(|e| {
                self.diags.push(doc.error(raw, e).help(
                    "write the number with its area code, like `020 123 4567` or `+31 6 1234 5678`",
                ))
            })
            .ok()
    }

    /// A day written `2026-12-01`: when a person confirmed a text is still correct.
    pub(super) fn reviewed<T>(
        &mut self,
        doc: &Doc<T>,
        raw: &Option<S<String>>,
    ) -> Option<chrono::NaiveDate> {
        let raw = raw.as_ref()?;
        match chrono::NaiveDate::parse_from_str(raw.value.trim(), "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                self.diags.push(
                    doc.error(raw, format!("`{}` is not a date", raw.value))
                        .help("write the day you checked it as year-month-day: `reviewed: 2026-12-01`"),
                );
                None
            }
        }
    }

    pub(super) fn email<T>(&mut self, doc: &Doc<T>, raw: &S<String>) -> Option<Email> {
        Email::parse(&raw.value)
            .map_err(|e| {
                self.diags.push(
                    doc.error(raw, e)
                        .help("write one address, like `name@gemeente.nl`"),
                )
            })
            .ok()
    }
}

/// A value shown to readers, cleaned of direction controls text by text.
/// Languages' names in Dutch and English for the codes staff mean by them.
const LANGUAGE_NAMES: &[(&[&str], &str)] = &[
    (&["nederlands", "dutch"], "nl"),
    (&["engels", "english"], "en"),
    (&["arabisch", "arabic"], "ar"),
    (&["tigrinya", "tigrinia", "tigrinja"], "ti"),
    (&["farsi", "perzisch", "persian"], "fa"),
    (&["dari"], "prs"),
    (&["somalisch", "somali"], "so"),
    (&["turks", "turkish"], "tr"),
    (&["frans", "french"], "fr"),
    (&["duits", "german"], "de"),
    (&["spaans", "spanish"], "es"),
    (&["pools", "polish"], "pl"),
    (&["oekraïens", "oekraiens", "ukrainian"], "uk"),
    (&["russisch", "russian"], "ru"),
    (&["koerdisch", "kurdish"], "ku"),
    (&["pasjtoe", "pashto"], "ps"),
    (&["amhaars", "amharic"], "am"),
    (&["portugees", "portuguese"], "pt"),
    (&["berbers", "tamazight"], "ber"),
];

/// What of a translated value is empty.
pub(super) enum Blank {
    /// The whole text.
    Text,
    /// An item of a list.
    Item,
}

pub(super) trait Visible: Clone {
    fn shown(&self, clean: impl FnMut(&str) -> String) -> Self;
    /// What is blank in it, if anything.
    fn blank(&self) -> Option<Blank>;
}

impl Visible for String {
    fn shown(&self, mut clean: impl FnMut(&str) -> String) -> Self {
        clean(self)
    }
    fn blank(&self) -> Option<Blank> {
        self.trim().is_empty().then_some(Blank::Text)
    }
}

impl Visible for Vec<String> {
    fn shown(&self, mut clean: impl FnMut(&str) -> String) -> Self {
        self.iter().map(|t| clean(t)).collect()
    }
    fn blank(&self) -> Option<Blank> {
        self.iter()
            .any(|t| t.trim().is_empty())
            .then_some(Blank::Item)
    }
}

pub(super) use crate::diagnostics::{closest, nearest};
