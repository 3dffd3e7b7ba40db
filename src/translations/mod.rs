//! Keeping translations current: which translations are up to date, outdated or missing, and
//! the exchange with translators (XLIFF, in [`xliff`]).
//!
//! Every translatable text of a site is an [`Item`]: a whole guide, or one translated field of
//! a YAML file. `translations.yaml` (the [`Ledger`]) records per item and language the
//! [`SourceVersion`] a translation was made from; comparing it with the source text as it is now
//! gives the [`State`].

pub mod commands;
pub mod edit;
pub mod segments;
pub mod xliff;

use serde::Serialize;

use crate::model::{Lang, Ledger, Recorded, Site, SourceVersion, Translated};

/// How a translation stands against its source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Made from the current source by a person.
    UpToDate,
    /// Made from the current source by a machine, not yet checked by a person.
    Machine,
    /// The source changed after the translation was made.
    Outdated,
    /// A translation exists but nothing records which source it was made from (typed in by
    /// hand, or written before the site kept `translations.yaml`).
    Unverified,
    Missing,
}

impl State {
    pub fn describe(self) -> &'static str {
        match self {
            State::UpToDate => "up to date",
            State::Machine => "machine-translated",
            State::Outdated => "outdated",
            State::Unverified => "unverified",
            State::Missing => "missing",
        }
    }
}

/// The text of an item in every language it has.
#[derive(Clone, Copy)]
pub enum Text<'a> {
    Field(&'a Translated<String>),
    List(&'a Translated<Vec<String>>),
    Guide(&'a crate::model::Guide),
    /// A guide read aloud: tracked against the guide's source text, in every language it is
    /// recorded in (the source language too).
    Recording(&'a crate::model::Guide),
}

/// A step on the way from a YAML file's root to a translated field.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    Key(&'static str),
    Index(usize),
}

/// One translatable text: a guide or a translated YAML field.
#[derive(Clone)]
pub struct Item<'a> {
    /// `guide/first-week`, `service/health-centre/description`, `site/welcome`.
    pub key: String,
    /// The file that holds the translations of a YAML field, relative to the site folder; for a
    /// guide, the source language's file.
    pub file: String,
    /// Where the field is inside `file`; empty for a guide.
    pub path: Vec<Step>,
    pub text: Text<'a>,
}

impl Item<'_> {
    /// The version of the item's text in its source language: a field as it is, a list's
    /// items one per line; a guide's (and its recording's) hashed once, as the guide was
    /// checked, from its text joined.
    pub fn source_version(&self) -> SourceVersion {
        match self.text {
            Text::Field(t) => SourceVersion::of(t.get(t.source_lang()).value),
            Text::List(t) => SourceVersion::of(&t.get(t.source_lang()).value.join("\n")),
            Text::Guide(g) | Text::Recording(g) => g.version.clone(),
        }
    }

    pub fn has(&self, lang: &Lang) -> bool {
        match self.text {
            Text::Field(t) => t.has(lang),
            Text::List(t) => t.has(lang),
            Text::Guide(g) => g.text.has(lang),
            Text::Recording(g) => g.recordings.contains_key(lang),
        }
    }

    /// Whether `key` names this item or a group of items it belongs to (`service/gp` names
    /// every translated field of that service).
    pub fn matches(&self, key: &str) -> bool {
        let key = key.trim_end_matches('/');
        self.key == key
            || (self.key.starts_with(key) && self.key.as_bytes().get(key.len()) == Some(&b'/'))
    }
}

/// Every translatable text of `site`, in a stable order: site, categories, services, contacts,
/// guides.
pub fn items(site: &Site) -> Vec<Item<'_>> {
    let mut out = Vec::new();
    let config = &site.config;
    let site_file = crate::load::CONFIG_FILE.to_owned();
    out.push(Item {
        key: "site/name".into(),
        file: site_file.clone(),
        path: vec![Step::Key("name")],
        text: Text::Field(&config.name),
    });
    out.push(Item {
        key: "site/welcome".into(),
        file: site_file.clone(),
        path: vec![Step::Key("welcome")],
        text: Text::Field(&config.welcome),
    });
    for (i, e) in config.emergency.iter().enumerate() {
        out.push(Item {
            key: format!("site/emergency/{i}/label"),
            file: site_file.clone(),
            path: vec![Step::Key("emergency"), Step::Index(i), Step::Key("label")],
            text: Text::Field(&e.label),
        });
    }
    for (i, c) in site.categories.iter().enumerate() {
        out.push(Item {
            key: format!("category/{}/name", c.id),
            file: site_file.clone(),
            path: vec![Step::Key("categories"), Step::Index(i), Step::Key("name")],
            text: Text::Field(&c.name),
        });
    }
    for s in &site.services {
        let item = |field: &str, path: Vec<Step>, text| Item {
            key: format!("service/{}/{field}", s.id),
            file: s.file.clone(),
            path,
            text,
        };
        out.push(item("name", vec![Step::Key("name")], Text::Field(&s.name)));
        out.push(item(
            "description",
            vec![Step::Key("description")],
            Text::Field(&s.description),
        ));
        for (i, p) in s.phones.iter().enumerate() {
            if let Some(label) = &p.label {
                out.push(item(
                    &format!("phones/{i}/label"),
                    vec![Step::Key("phones"), Step::Index(i), Step::Key("label")],
                    Text::Field(label),
                ));
            }
        }
        if let Some(note) = &s.hours_note {
            out.push(item(
                "opening_hours/note",
                vec![Step::Key("opening_hours"), Step::Key("note")],
                Text::Field(note),
            ));
        }
    }
    for c in &site.contacts {
        out.push(Item {
            key: format!("contact/{}/role", c.id),
            file: c.file.clone(),
            path: vec![Step::Key("role")],
            text: Text::Field(&c.role),
        });
        out.push(Item {
            key: format!("contact/{}/helps_with", c.id),
            file: c.file.clone(),
            path: vec![Step::Key("helps_with")],
            text: Text::List(&c.helps_with),
        });
    }
    for g in &site.guides {
        out.push(Item {
            key: format!("guide/{}", g.id),
            file: guide_file(g.id.as_str(), &config.source),
            path: Vec::new(),
            text: Text::Guide(g),
        });
    }
    out
}

/// Every guide that has a recording, as the item its recordings are tracked by:
/// `recording/<id>`.
pub fn recordings(site: &Site) -> Vec<Item<'_>> {
    site.guides
        .iter()
        .filter(|g| !g.recordings.is_empty())
        .map(|g| Item {
            key: format!("recording/{}", g.id),
            file: guide_file(g.id.as_str(), &site.config.source),
            path: Vec::new(),
            text: Text::Recording(g),
        })
        .collect()
}

/// Everything `translations.yaml` keeps a record of: the texts, then the recordings.
pub fn tracked(site: &Site) -> Vec<Item<'_>> {
    let mut all = items(site);
    all.extend(recordings(site));
    all
}

/// Where the `lang` version of guide `id` lives.
pub fn guide_file(id: &str, lang: &Lang) -> String {
    format!("guides/{id}.{lang}.md")
}

/// The state of `item` in `lang` (not the source language), given its current source version.
pub fn state(ledger: &Ledger, item: &Item, lang: &Lang, current: &SourceVersion) -> State {
    if !item.has(lang) {
        return State::Missing;
    }
    match ledger.get(&item.key, lang) {
        None => State::Unverified,
        Some(r) if &r.version != current => State::Outdated,
        Some(Recorded { machine: true, .. }) => State::Machine,
        Some(_) => State::UpToDate,
    }
}

/// The state of guide `id` in `lang`, for the notice on its page. Cheap when nothing is
/// recorded: the source is only hashed for a translation that has a record.
pub fn guide_state(site: &Site, guide: &crate::model::Guide, lang: &Lang) -> State {
    if lang == &site.config.source {
        return State::UpToDate;
    }
    let item = Item {
        key: format!("guide/{}", guide.id),
        file: String::new(),
        path: Vec::new(),
        text: Text::Guide(guide),
    };
    if !item.has(lang) {
        return State::Missing;
    }
    if site.ledger.get(&item.key, lang).is_none() {
        return State::Unverified;
    }
    state(&site.ledger, &item, lang, &item.source_version())
}

/// The translation status of a whole site, per language.
#[derive(Debug, Serialize)]
pub struct Report {
    pub source: Lang,
    /// The number of translatable items.
    pub items: usize,
    pub languages: Vec<LangReport>,
    /// Every recording of a guide, in every language it is recorded in (the source language
    /// too), with how it stands against the guide's source text. A guide without a recording
    /// is not missing anything: its page offers the phone's own voice.
    pub recordings: Vec<RecordingState>,
}

#[derive(Debug, Serialize)]
pub struct RecordingState {
    /// `recording/first-week`.
    pub key: String,
    pub lang: Lang,
    pub state: State,
}

#[derive(Debug, Serialize)]
pub struct LangReport {
    pub lang: Lang,
    pub name: String,
    /// Share of items with a translation, in percent (rounded down, so 100 means all).
    pub translated_percent: u32,
    /// Share of items with a translation made from the current source, by a person or machine.
    pub up_to_date_percent: u32,
    pub up_to_date: usize,
    pub machine: Vec<String>,
    pub outdated: Vec<String>,
    pub unverified: Vec<String>,
    pub missing: Vec<String>,
}

pub fn report(site: &Site) -> Report {
    let items = items(site);
    let versions: Vec<SourceVersion> = items.iter().map(Item::source_version).collect();
    let source = site.config.source.clone();
    let percent = |n: usize| (n * 100).checked_div(items.len()).unwrap_or(100) as u32;
    let languages = site
        .config
        .languages
        .iter()
        .filter(|l| l.code != source)
        .map(|l| {
            let mut r = LangReport {
                lang: l.code.clone(),
                name: l.name.clone(),
                translated_percent: 0,
                up_to_date_percent: 0,
                up_to_date: 0,
                machine: Vec::new(),
                outdated: Vec::new(),
                unverified: Vec::new(),
                missing: Vec::new(),
            };
            for (item, version) in items.iter().zip(&versions) {
                let key = item.key.clone();
                match state(&site.ledger, item, &l.code, version) {
                    State::UpToDate => r.up_to_date += 1,
                    State::Machine => r.machine.push(key),
                    State::Outdated => r.outdated.push(key),
                    State::Unverified => r.unverified.push(key),
                    State::Missing => r.missing.push(key),
                }
            }
            r.translated_percent = percent(items.len() - r.missing.len());
            r.up_to_date_percent = percent(r.up_to_date + r.machine.len());
            r
        })
        .collect();
    let mut recorded = Vec::new();
    for item in recordings(site) {
        let version = item.source_version();
        for l in &site.config.languages {
            if item.has(&l.code) {
                recorded.push(RecordingState {
                    key: item.key.clone(),
                    lang: l.code.clone(),
                    state: state(&site.ledger, &item, &l.code, &version),
                });
            }
        }
    }
    Report {
        source,
        items: items.len(),
        languages,
        recordings: recorded,
    }
}

/// The texts and recordings the site shows outdated: each whose source changed after a
/// translation (or recording) of it was recorded, by key, with those languages in the site's
/// order. What every command that reads a site warns about; only texts with a record in
/// translations.yaml are hashed, so it costs little more than the records.
#[derive(Debug, Default, PartialEq)]
pub struct Outdated {
    pub texts: std::collections::BTreeMap<String, Vec<Lang>>,
    pub recordings: std::collections::BTreeMap<String, Vec<Lang>>,
}

pub fn outdated(site: &Site) -> Outdated {
    let mut out = Outdated::default();
    if site.ledger.is_empty() {
        return out;
    }
    let source = &site.config.source;
    let languages = || site.config.languages.iter().map(|l| &l.code);
    for item in items(site) {
        if !site.ledger.items.contains_key(&item.key) {
            continue;
        }
        let version = item.source_version();
        let langs: Vec<Lang> = languages()
            .filter(|l| *l != source)
            .filter(|l| state(&site.ledger, &item, l, &version) == State::Outdated)
            .cloned()
            .collect();
        if !langs.is_empty() {
            out.texts.insert(item.key, langs);
        }
    }
    for item in recordings(site) {
        if !site.ledger.items.contains_key(&item.key) {
            continue;
        }
        let version = item.source_version();
        let langs: Vec<Lang> = languages()
            .filter(|l| item.has(l))
            .filter(|l| state(&site.ledger, &item, l, &version) == State::Outdated)
            .cloned()
            .collect();
        if !langs.is_empty() {
            out.recordings.insert(item.key, langs);
        }
    }
    out
}

/// How the recording of `guide` in `lang` stands, for the notice beside its player; `None`
/// when there is none.
pub fn recording_state(site: &Site, guide: &crate::model::Guide, lang: &Lang) -> Option<State> {
    guide.recordings.get(lang)?;
    let item = Item {
        key: format!("recording/{}", guide.id),
        file: String::new(),
        path: Vec::new(),
        text: Text::Recording(guide),
    };
    Some(state(&site.ledger, &item, lang, &item.source_version()))
}

impl Report {
    /// The report as a table for a terminal.
    pub fn table(&self, site_name: &str) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Translations of {site_name}: {} texts in the source language ({}).\n",
            self.items, self.source
        );
        let _ = writeln!(
            out,
            "lang  translated  up to date  outdated  machine  unverified  missing"
        );
        for l in &self.languages {
            let _ = writeln!(
                out,
                "{:<5} {:>9}%  {:>9}%  {:>8}  {:>7}  {:>10}  {:>7}   {}",
                l.lang.as_str(),
                l.translated_percent,
                l.up_to_date_percent,
                l.outdated.len(),
                l.machine.len(),
                l.unverified.len(),
                l.missing.len(),
                l.name
            );
        }
        type List = fn(&LangReport) -> &Vec<String>;
        let lists: [(&str, List); 4] = [
            (
                "Outdated (the source changed after the translation was made)",
                |l| &l.outdated,
            ),
            ("Missing", |l| &l.missing),
            ("Machine-translated, not yet checked by a person", |l| {
                &l.machine
            }),
            (
                "Unverified (no record of the source they were made from)",
                |l| &l.unverified,
            ),
        ];
        for (title, list) in lists {
            if self.languages.iter().all(|l| list(l).is_empty()) {
                continue;
            }
            let _ = writeln!(out, "\n{title}:");
            for l in &self.languages {
                for key in list(l) {
                    let _ = writeln!(out, "  {:<5} {key}", l.lang.as_str());
                }
            }
        }
        if !self.recordings.is_empty() {
            let _ = writeln!(out, "\nRecordings (guides read aloud):");
            for r in &self.recordings {
                let _ = writeln!(
                    out,
                    "  {:<5} {:<32} {}",
                    r.lang.as_str(),
                    r.key,
                    match r.state {
                        State::Outdated => "outdated: the text changed after it was recorded",
                        State::Unverified => "unverified: no record of the text it was made from",
                        other => other.describe(),
                    }
                );
            }
            if self.recordings.iter().any(|r| r.state == State::Unverified) {
                let _ = writeln!(
                    out,
                    "\nWhen a recording reads the guide as it is now, record that with \
                     `wegwijs translations accept recording/<guide> --lang <code>`."
                );
            }
        }
        if self.languages.iter().any(|l| !l.unverified.is_empty()) {
            let _ = writeln!(
                out,
                "\nUnverified translations have no record of the source they were made from. \
                 If they match their source, record that with \
                 `wegwijs translations accept --unverified`."
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn lang(code: &str) -> Lang {
        Lang::parse(code).unwrap()
    }

    #[test]
    fn states_follow_the_ledger() {
        let nl = lang("nl");
        let t = Translated::new(
            nl.clone(),
            BTreeMap::from([
                (nl.clone(), "Huisarts".to_owned()),
                (lang("en"), "GP".to_owned()),
                (lang("ar"), "طبيب".to_owned()),
                (lang("fa"), "پزشک".to_owned()),
                (lang("so"), "Dhakhtar".to_owned()),
            ]),
        )
        .unwrap();
        let item = Item {
            key: "service/gp/name".into(),
            file: "services/gp.yaml".into(),
            path: vec![Step::Key("name")],
            text: Text::Field(&t),
        };
        let current = item.source_version();
        let old = SourceVersion::of("Dokter");
        let mut ledger = Ledger::default();
        let rec = |version: &SourceVersion, machine| Recorded {
            version: version.clone(),
            machine,
        };
        ledger.set("service/gp/name", lang("en"), rec(&current, false));
        ledger.set("service/gp/name", lang("ar"), rec(&old, false));
        ledger.set("service/gp/name", lang("fa"), rec(&current, true));
        ledger.set("service/gp/name", lang("ti"), rec(&current, false));
        let st = |code| state(&ledger, &item, &lang(code), &current);
        assert_eq!(st("en"), State::UpToDate);
        assert_eq!(st("ar"), State::Outdated);
        assert_eq!(st("fa"), State::Machine);
        assert_eq!(st("so"), State::Unverified);
        // A record without a translation (deleted by hand) is missing, not up to date.
        assert_eq!(st("ti"), State::Missing);
    }

    #[test]
    fn keys_name_items_and_groups() {
        let nl = lang("nl");
        let t = Translated::new(nl.clone(), BTreeMap::from([(nl, "x".to_owned())])).unwrap();
        let item = Item {
            key: "service/gp/description".into(),
            file: String::new(),
            path: Vec::new(),
            text: Text::Field(&t),
        };
        assert!(item.matches("service/gp/description"));
        assert!(item.matches("service/gp"));
        assert!(item.matches("service/gp/"));
        assert!(!item.matches("service/g"));
        assert!(!item.matches("service/gp/name"));
    }
}
