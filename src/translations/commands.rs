//! `wegwijs translations status | accept | minor | ui`: reading and recording translation
//! versions, and the site's interface to translate.

use std::fmt::Write as _;
use std::path::Path;

use super::{Item, State, items, state};
use crate::build::{Loaded, load};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Lang, Ledger, Recorded, Site};

/// Loads the site at `root`, or returns every problem that stops it from loading.
pub fn load_site(root: &Path) -> Result<Loaded, Diagnostics> {
    load(root)
}

/// One change to the ledger, for the command's report.
#[derive(Debug, PartialEq)]
pub struct Change {
    pub item: String,
    pub lang: Lang,
    pub before: State,
}

/// `accept`: records that the translations of `keys` (every item when `unverified` is set, but
/// then only translations without a record) in `langs` (every language when empty) were made
/// from the current source. `machine` records them as machine translations.
pub fn accept(
    root: &Path,
    keys: &[String],
    langs: &[String],
    unverified: bool,
    machine: bool,
) -> Result<Vec<Change>, Diagnostics> {
    let loaded = load_site(root)?;
    let site = &loaded.site;
    let source = &site.config.source;
    // The source language is recorded in too, but only for recordings: a recording in it goes
    // outdated when its text changes, like a translation.
    let names_source = langs
        .iter()
        .any(|c| Lang::parse(c).ok().as_ref() == Some(source));
    let others: Vec<String> = langs
        .iter()
        .filter(|c| Lang::parse(c).ok().as_ref() != Some(source))
        .cloned()
        .collect();
    let translated = if others.is_empty() && names_source {
        Vec::new()
    } else {
        parse_langs(site, &others)?
    };
    let all = super::tracked(site);
    let chosen = select(&all, keys, unverified)?;
    let recording = |item: &Item| matches!(item.text, super::Text::Recording(_));
    if names_source && chosen.iter().any(|i| !recording(i)) {
        return Err(one_error(
            Diagnostic::error(format!("`{source}` is the source language"))
                .help("name a language texts are translated into; only recordings are recorded in the source language"),
        ));
    }
    let mut ledger = Ledger::clone(&site.ledger);
    let mut done = Vec::new();
    for item in chosen {
        let current = item.source_version();
        let mut langs = translated.clone();
        if recording(item) && (names_source || others.is_empty()) {
            langs.insert(0, source.clone());
        }
        for lang in &langs {
            let before = state(&site.ledger, item, lang, &current);
            let wanted = match before {
                State::Missing => false,
                State::Unverified => true,
                _ => !unverified,
            };
            if !wanted {
                continue;
            }
            let recorded = Recorded {
                version: current.clone(),
                machine,
            };
            if site.ledger.get(&item.key, lang) != Some(&recorded) {
                ledger.set(&item.key, lang.clone(), recorded);
                done.push(Change {
                    item: item.key.clone(),
                    lang: lang.clone(),
                    before,
                });
            }
        }
        if !recording(item) {
            acknowledge(site, &mut ledger, item);
        } else {
            // `minor guide/<id>` measures from the guide's own record, which accepting a
            // translation of it moves to the current text: accepting a recording does too.
            ledger.set(
                &item.key.replacen("recording/", "guide/", 1),
                source.clone(),
                Recorded {
                    version: current.clone(),
                    machine: false,
                },
            );
        }
    }
    save(root, site, &ledger)?;
    Ok(done)
}

/// `minor`: declares that every change to the source of `keys` since its translations were
/// last recorded does not change the meaning, so translations that were up to date stay so.
pub fn minor(root: &Path, keys: &[String]) -> Result<Vec<Change>, Diagnostics> {
    if keys.is_empty() {
        return Err(one_error(
            Diagnostic::error("name the texts whose change was minor")
                .help("for example `wegwijs translations minor guide/first-week`; `wegwijs translations status` lists the outdated ones"),
        ));
    }
    let loaded = load_site(root)?;
    let site = &loaded.site;
    let all = items(site);
    let chosen = select(&all, keys, false)?;
    let source = &site.config.source;
    let mut ledger = Ledger::clone(&site.ledger);
    let mut done = Vec::new();
    let mut unknown = Vec::new();
    for item in chosen {
        let current = item.source_version();
        let Some(acknowledged) = site.ledger.get(&item.key, source) else {
            if site
                .config
                .languages
                .iter()
                .any(|l| &l.code != source && site.ledger.get(&item.key, &l.code).is_some())
            {
                unknown.push(item.key.clone());
            }
            continue;
        };
        // The guide's recordings were made from the same text: a minor change keeps those
        // that were up to date so, in every language.
        let recording = item
            .key
            .strip_prefix("guide/")
            .map(|id| format!("recording/{id}"));
        let carried = site
            .config
            .languages
            .iter()
            .filter(|l| &l.code != source)
            .map(|l| (item.key.clone(), l))
            .chain(
                recording
                    .iter()
                    .flat_map(|key| site.config.languages.iter().map(|l| (key.clone(), l))),
            );
        let exists = |key: &str, lang: &Lang| {
            if key == item.key {
                return item.has(lang);
            }
            let id = key.trim_start_matches("recording/");
            site.guides
                .iter()
                .any(|g| g.id.as_str() == id && g.recordings.contains_key(lang))
        };
        for (key, l) in carried {
            let Some(r) = site.ledger.get(&key, &l.code) else {
                continue;
            };
            if r.version == acknowledged.version && r.version != current && exists(&key, &l.code) {
                ledger.set(
                    &key,
                    l.code.clone(),
                    Recorded {
                        version: current.clone(),
                        machine: r.machine,
                    },
                );
                done.push(Change {
                    item: key.clone(),
                    lang: l.code.clone(),
                    before: State::Outdated,
                });
            }
        }
        acknowledge(site, &mut ledger, item);
    }
    if !unknown.is_empty() {
        return Err(one_error(
            Diagnostic::error(format!(
                "translations.yaml does not say which source version the translations of {} were last brought up to date with",
                unknown.join(", ")
            ))
            .help("check the translations and record them with `wegwijs translations accept <text> --lang <code>`"),
        ));
    }
    save(root, site, &ledger)?;
    Ok(done)
}

/// Records the source version the item's translations are now measured against.
pub(super) fn acknowledge(site: &Site, ledger: &mut Ledger, item: &Item) {
    ledger.set(
        &item.key,
        site.config.source.clone(),
        Recorded {
            version: item.source_version(),
            machine: false,
        },
    );
}

fn one_error(d: Diagnostic) -> Diagnostics {
    let mut diags = Diagnostics::default();
    diags.push(d);
    diags
}

/// The site's languages among `codes` (all translation languages when empty).
pub fn parse_langs(site: &Site, codes: &[String]) -> Result<Vec<Lang>, Diagnostics> {
    let source = &site.config.source;
    let mut out = Vec::new();
    let mut diags = Diagnostics::default();
    for code in codes {
        match Lang::parse(code)
            .ok()
            .filter(|l| site.config.lang(l).is_some())
        {
            Some(l) if &l == source => diags.push(
                Diagnostic::error(format!("`{code}` is the source language"))
                    .help("name a language texts are translated into"),
            ),
            Some(l) => out.push(l),
            None => diags.push(
                Diagnostic::error(format!("`{code}` is not one of the site's languages"))
                    .help("use a code listed under `languages:` in site.yaml"),
            ),
        }
    }
    if codes.is_empty() {
        out = site
            .config
            .languages
            .iter()
            .map(|l| l.code.clone())
            .filter(|l| l != source)
            .collect();
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(out)
    }
}

/// The items named by `keys` (or all of them when `all`), refusing keys that name nothing.
fn select<'s, 'a>(
    all: &'s [Item<'a>],
    keys: &[String],
    all_items: bool,
) -> Result<Vec<&'s Item<'a>>, Diagnostics> {
    if all_items {
        return Ok(all.iter().collect());
    }
    if keys.is_empty() {
        return Err(one_error(
            Diagnostic::error("name the texts to record, or pass --unverified")
                .help("texts are named as `wegwijs translations status` lists them, like `guide/first-week` or `service/health-centre`"),
        ));
    }
    let mut diags = Diagnostics::default();
    for key in keys {
        if !all.iter().any(|i| i.matches(key)) {
            let mut known: Vec<&str> = all.iter().map(|i| i.key.as_str()).collect();
            known.sort_by_key(|k| strsim::levenshtein(k, key));
            diags.push(
                Diagnostic::error(format!("no translatable text is named `{key}`"))
                    .help(format!("did you mean `{}`? `wegwijs translations status --format json` lists every name", known[0])),
            );
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(all
        .iter()
        .filter(|i| keys.iter().any(|k| i.matches(k)))
        .collect())
}

/// Writes `ledger` to the site's `translations.yaml`, keeping only items and languages that
/// exist, in a stable order so that the file diffs well.
pub fn save(root: &Path, site: &Site, ledger: &Ledger) -> Result<(), Diagnostics> {
    let text = ledger_text(site, ledger);
    crate::output::write_file_atomic(&root.join(crate::load::LEDGER_FILE), text.as_bytes()).map_err(
        |e| {
            one_error(Diagnostic::error(format!(
                "cannot write {}: {e}",
                crate::load::LEDGER_FILE
            )))
        },
    )
}

/// `translations ui`: writes `locales/<code>/main.ftl` in the site at `root` with every message
/// of the site's interface to translate into `code`, a language wegwijs has no UI strings in.
/// Returns the file written (relative to `root`).
pub fn write_ui_file(root: &Path, code: &str) -> Result<String, String> {
    let (raw, _) = crate::load::load_site(root);
    let Some(config) = raw.config.as_ref() else {
        return Err(format!(
            "the site's settings (site.yaml in `{}`) cannot be read: `wegwijs check` says why",
            root.display()
        ));
    };
    let source = config.data.source_language.value.as_str();
    let languages = &config.data.languages.value;
    let Some(lang) = languages.iter().find(|l| l.code.value == code) else {
        let codes: Vec<&str> = languages.iter().map(|l| l.code.value.as_str()).collect();
        return Err(format!(
            "`{code}` is not one of the site's languages ({}): add it to `languages` in site.yaml first",
            codes.join(", ")
        ));
    };
    if code == source {
        return Err(format!(
            "`{code}` is the source language: its UI strings are wegwijs' own"
        ));
    }
    let (theme, _) = crate::load::Theme::load(&raw.dir);
    let file = format!("locales/{code}/main.ftl");
    if root.join(&file).exists() {
        return Err(format!(
            "{file} exists already: translate the messages in it (a line that starts with `# ` is not translated yet)"
        ));
    }
    if crate::load::has_builtin_locale(code) {
        return Err(format!(
            "wegwijs has its own UI strings in `{code}`: nothing to translate"
        ));
    }
    let text =
        crate::i18n::ui_file_to_translate(&theme, source, code, &lang.name).ok_or_else(|| {
            format!("the source language `{source}` has no UI strings to translate from")
        })?;
    crate::output::write_file_atomic(&root.join(&file), text.as_bytes())
        .map_err(|e| format!("cannot write {file}: {}", crate::diagnostics::io_words(&e)))?;
    Ok(file)
}

/// Takes `lang` out of the site at `root`: its texts from every translated field (each file's
/// other bytes kept), its guide files, its entry in `site.yaml`'s languages and its records in
/// `translations.yaml`. Every file is composed in memory before any is written. Returns the
/// number of texts taken out.
pub fn remove_language(root: &Path, site: &Site, lang: &Lang) -> Result<usize, String> {
    use std::collections::BTreeMap;
    if *lang == site.config.source {
        return Err(format!(
            "{lang} is the source language: every text is written in it first"
        ));
    }
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    let mut gone = Vec::new();
    let mut removed = 0;
    for item in super::tracked(site) {
        if !item.has(lang) {
            continue;
        }
        removed += 1;
        // The language's recordings go with its texts.
        if let super::Text::Recording(g) = item.text {
            let files = g.recordings.get(lang).into_iter().flat_map(|r| &r.sources);
            gone.extend(files.map(|s| root.join(&s.file)));
            continue;
        }
        if let super::Text::Guide(_) = item.text {
            let id = item.key.trim_start_matches("guide/");
            gone.push(root.join(format!("guides/{id}.{lang}.md")));
            continue;
        }
        let text = match files.get(&item.file) {
            Some(t) => t.clone(),
            None => std::fs::read_to_string(root.join(&item.file))
                .map_err(|e| format!("cannot read {}: {e}", item.file))?,
        };
        let new = super::edit::remove(&text, 0..text.len(), &item.path, lang.as_str())
            .map_err(|e| format!("{}: {e}", item.file))?;
        files.insert(item.file.clone(), new);
    }
    let config = crate::load::CONFIG_FILE.to_owned();
    let text = match files.get(&config) {
        Some(t) => t.clone(),
        None => std::fs::read_to_string(root.join(&config))
            .map_err(|e| format!("cannot read {config}: {e}"))?,
    };
    files.insert(config, without_language_entry(&text, lang.as_str())?);
    let mut ledger = Ledger::clone(&site.ledger);
    for langs in ledger.items.values_mut() {
        langs.remove(lang);
    }
    for (file, text) in &files {
        crate::output::write_file_atomic(&root.join(file), text.as_bytes())
            .map_err(|e| format!("cannot write {file}: {e}"))?;
    }
    for path in gone {
        crate::output::delete_file(&path)
            .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
    }
    save(root, site, &ledger).map_err(|d| d.render(false))?;
    Ok(removed)
}

/// `site.yaml` without the item `- code: <code>` (and the lines under it) in its languages.
fn without_language_entry(text: &str, code: &str) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.split_inclusive('\n').peekable();
    let mut found = false;
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        let is_entry = trimmed
            .strip_prefix("- code:")
            .is_some_and(|c| c.trim().trim_matches(['"', '\'']) == code);
        if !is_entry {
            out.push_str(line);
            continue;
        }
        found = true;
        // The lines under the item are indented further than its `-`.
        let dash = line.len() - trimmed.len();
        while let Some(next) = lines.peek() {
            let indent = next.len() - next.trim_start().len();
            if next.trim().is_empty() || indent <= dash {
                break;
            }
            lines.next();
        }
    }
    if found {
        Ok(out)
    } else {
        Err(format!(
            "site.yaml lists {code} in a way `init` does not change: remove it from `languages:` by hand"
        ))
    }
}

/// `site.yaml` with `- code: <code>` and its `name` added at the end of its languages.
pub fn with_language_entry(text: &str, code: &str, name: &str) -> Result<String, String> {
    let mut out = String::with_capacity(text.len() + 40);
    let mut in_list = false;
    let mut item_indent = None;
    let mut added = false;
    let entry = |indent: usize| {
        let pad = " ".repeat(indent);
        let name = if name.contains([':', '#', '"', '\'', '[', ']', '{', '}', ',']) {
            format!("\"{}\"", name.replace('"', "\\\""))
        } else {
            name.to_owned()
        };
        format!("{pad}- code: {code}\n{pad}  name: {name}\n")
    };
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let ends_list = indent == 0
            && !trimmed.trim().is_empty()
            && !trimmed.starts_with('#')
            && !trimmed.starts_with("- ");
        if in_list && !added && ends_list {
            out.push_str(&entry(item_indent.unwrap_or(2)));
            added = true;
        }
        if line.trim_end() == "languages:" {
            in_list = true;
        } else if in_list && item_indent.is_none() && trimmed.starts_with("- ") {
            item_indent = Some(indent);
        }
        out.push_str(line);
    }
    if in_list && !added && item_indent.is_some() {
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&entry(item_indent.unwrap_or(2)));
        added = true;
    }
    if added {
        Ok(out)
    } else {
        Err(format!(
            "site.yaml lists its languages in a way `init` does not change: add `- {{code: {code}, name: {name}}}` to `languages:` by hand"
        ))
    }
}

/// A version of digits only (or digits, `e`, digits) reads as a number in YAML: quoted, an
/// editor checking the file against its schema sees the text it is.
fn quoted_if_numeric(entry: String) -> String {
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit());
    let numeric = digits(&entry)
        || entry
            .split_once('e')
            .is_some_and(|(a, b)| digits(a) && digits(b));
    if numeric {
        format!("\"{entry}\"")
    } else {
        entry
    }
}

fn ledger_text(site: &Site, ledger: &Ledger) -> String {
    let mut out = String::from(
        "# Which version of its source each translation was made from: see \"Translation status\"\n\
         # in the README. Written by `wegwijs translations import`, `accept` and `minor`.\n",
    );
    for item in super::tracked(site) {
        let Some(langs) = ledger.items.get(&item.key) else {
            continue;
        };
        let lines: Vec<String> = site
            .config
            .languages
            .iter()
            .filter_map(|l| {
                let r = langs.get(&l.code)?;
                let machine = if r.machine { " machine" } else { "" };
                let entry = quoted_if_numeric(format!("{}{machine}", r.version));
                Some(format!("  {}: {entry}\n", l.code))
            })
            .collect();
        if !lines.is_empty() {
            let _ = write!(out, "{}:\n{}", item.key, lines.concat());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_entry_leaves_site_yaml_whole() {
        let text = "languages:\n  - code: nl\n    name: Nederlands\n  - code: ar\n    name: العربية\n    dir: rtl\n  - {code: ti, name: ትግርኛ}\nwelcome: x\n";
        let out = without_language_entry(text, "ar").unwrap();
        assert_eq!(
            out,
            "languages:\n  - code: nl\n    name: Nederlands\n  - {code: ti, name: ትግርኛ}\nwelcome: x\n"
        );
        assert!(
            without_language_entry(text, "ti").is_err(),
            "flow items are left to a person"
        );
        let out = with_language_entry(text, "so", "Soomaali").unwrap();
        assert!(
            out.contains(
                "  - {code: ti, name: ትግርኛ}\n  - code: so\n    name: Soomaali\nwelcome: x\n"
            ),
            "{out}"
        );
        let last = "name: x\nlanguages:\n- code: nl\n  name: Nederlands\n";
        let out = with_language_entry(last, "uk", "Українська").unwrap();
        assert!(
            out.ends_with("- code: nl\n  name: Nederlands\n- code: uk\n  name: Українська\n"),
            "{out}"
        );
    }

    #[test]
    fn versions_that_read_as_numbers_are_quoted() {
        let q = |v: &str| quoted_if_numeric(v.to_owned());
        assert_eq!(q("095104208312"), "\"095104208312\"");
        assert_eq!(q("95104208e312"), "\"95104208e312\"");
        assert_eq!(q("4c9b185f8562"), "4c9b185f8562");
        assert_eq!(q("095104208312 machine"), "095104208312 machine");
        assert_eq!(q("e12345678901"), "e12345678901");
    }
}
