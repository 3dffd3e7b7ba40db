//! Import: each unit checked against the site as it is now, then every file replaced whole.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::export::drafts;
use super::read::{Unit, at, flatten, parse, plain, read_units, same_source};
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::model::{GuideText, Lang, Recorded, Site};
use crate::translations::edit::{self, Value};
use crate::translations::segments::{self, Block, Inline};
use crate::translations::{Item, Text, items};

/// Files larger than this are not XLIFF a person made for one site.
const MAX_BYTES: usize = 64 << 20;

/// What an import did.
#[derive(Debug, Default)]
pub struct Imported {
    pub lang: Option<Lang>,
    /// Items written, with the files they went into.
    pub written: Vec<String>,
    pub files: Vec<String>,
    /// Items left as they were because the XLIFF holds no (new) translation for them.
    pub untranslated: Vec<String>,
    /// Refused units (stale source) and other warnings.
    pub diagnostics: Diagnostics,
}

/// Reads the XLIFF at `path` into the site at `root`. Errors in the file itself (not XML, a
/// DOCTYPE, another language, unknown units) stop everything; a unit whose source changed is
/// refused and the others are imported. `machine` records the translations as machine-made.
pub fn import(root: &Path, path: &Path, machine: bool) -> Result<Imported, Diagnostics> {
    let fail = |d: Diagnostic| {
        let mut ds = Diagnostics::default();
        ds.push(d);
        Err(ds)
    };
    let shown = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return fail(Diagnostic::error(format!(
                "cannot read `{shown}`: {}",
                crate::diagnostics::io_words(&e)
            )));
        }
    };
    if bytes.len() > MAX_BYTES {
        return fail(Diagnostic::error(format!(
            "`{shown}` is {} MB; an XLIFF file for one site is far smaller",
            bytes.len() >> 20
        )));
    }
    let Ok(text) = String::from_utf8(bytes) else {
        return fail(
            Diagnostic::error(format!("`{shown}` is not UTF-8 text"))
                .help("export the XLIFF from the translation tool as UTF-8"),
        );
    };
    let file = Arc::new(SourceFile {
        path: shown.clone(),
        text: text.into(),
    });
    let loaded = crate::translations::commands::load_site(root)?;
    let site = &loaded.site;
    let doc = parse(&file)?;
    let (lang, units) = read_units(site, &file, &doc)?;

    let mut result = Imported {
        lang: Some(lang.clone()),
        ..Default::default()
    };
    let all = items(site);
    let mut edits: BTreeMap<String, FileEdit> = BTreeMap::new();
    let mut ledger = crate::model::Ledger::clone(&site.ledger);
    let mut malformed = Diagnostics::default();
    for item in &all {
        let prefix = item.key.replace('/', ".");
        let mine: Vec<(&str, &Unit)> = units
            .iter()
            .filter_map(|(id, u)| {
                let rest = id.strip_prefix(&prefix)?;
                (rest.is_empty() || rest.starts_with('.')).then_some((rest, u))
            })
            .collect();
        if mine.is_empty() {
            continue;
        }
        let outcome = match item.text {
            // A recording has no words to translate: no unit names it.
            Text::Recording(_) => continue,
            Text::Field(t) => field(
                &file,
                item,
                t.source(),
                t.has(&lang).then(|| t.get(&lang).value),
                &mine,
            ),
            Text::List(t) => list(
                &file,
                item,
                t.source(),
                t.has(&lang).then(|| t.get(&lang).value),
                &mine,
            ),
            Text::Guide(g) => guide(
                &file,
                item,
                g.text.source(),
                g.text.has(&lang).then(|| g.text.get(&lang).value),
                &mine,
            ),
        };
        match outcome {
            Ok(Some(value)) => {
                let target = match &value {
                    NewText::Guide { .. } => crate::translations::guide_file(
                        item.key.trim_start_matches("guide/"),
                        &lang,
                    ),
                    _ => item.file.clone(),
                };
                edits
                    .entry(target)
                    .or_default()
                    .changes
                    .push((item.clone(), value));
                ledger.set(
                    &item.key,
                    lang.clone(),
                    Recorded {
                        version: item.source_version(),
                        machine,
                    },
                );
                crate::translations::commands::acknowledge(site, &mut ledger, item);
                result.written.push(item.key.clone());
            }
            Ok(None) => result.untranslated.push(item.key.clone()),
            Err(Refusal::Item(d)) => result.diagnostics.push(d),
            Err(Refusal::Malformed(d)) => malformed.push(d),
        }
    }
    if malformed.has_errors() {
        malformed.sort();
        return Err(malformed);
    }

    // Everything is composed and checked in memory first; then each file is replaced whole.
    let mut contents = Vec::new();
    for (path, edit) in &edits {
        match apply(root, site, path, &lang, &edit.changes) {
            Ok(text) => contents.push((path.clone(), text)),
            Err(d) => return fail(d),
        }
    }
    for (path, text) in &contents {
        if let Err(e) = crate::output::write_file_atomic(&root.join(path), text.as_bytes()) {
            return fail(Diagnostic::error(format!("cannot write `{path}`: {e}")));
        }
        result.files.push(path.clone());
    }
    if !result.written.is_empty() {
        crate::translations::commands::save(root, site, &ledger)?;
    }
    Ok(result)
}

#[derive(Default)]
struct FileEdit<'s> {
    changes: Vec<(Item<'s>, NewText)>,
}

enum NewText {
    Text(String),
    List(Vec<String>),
    Guide {
        title: String,
        summary: String,
        body: String,
    },
}

/// Why a unit is not imported.
enum Refusal {
    /// Its source changed since the export, or its translation lost the source's markup: the
    /// item is refused, the others imported.
    Item(Diagnostic),
    /// The file is broken: nothing is imported.
    Malformed(Diagnostic),
}

impl From<Diagnostic> for Refusal {
    fn from(d: Diagnostic) -> Self {
        Refusal::Malformed(d)
    }
}

fn stale(file: &Arc<SourceFile>, unit: &Unit, key: &str) -> Refusal {
    Refusal::Item(at(file, unit.node, format!("the source of `{key}` changed since this file was exported; its translation is refused"))
        .help("export the text again (`wegwijs translations export`) and have the changed part translated"))
}

fn field(
    file: &Arc<SourceFile>,
    item: &Item,
    source: &str,
    current: Option<&String>,
    units: &[(&str, &Unit)],
) -> Result<Option<NewText>, Refusal> {
    let [("", unit)] = units else {
        return Err(at(file, units[0].1.node, "unexpected unit").into());
    };
    let [seg] = &unit.segments[..] else {
        return Err(at(file, unit.node, "this text was split into sentences")
            .help("the translation tool split a text into segments: join them into one (in most tools: \"join segments\"), save and import again")
            .into());
    };
    let src = flatten(seg.source).map_err(|e| at(file, seg.source, e))?;
    if !same_source(&src, &[Inline::Text(source.to_owned())]) {
        return Err(stale(file, unit, &item.key));
    }
    let target = plain(seg.target).map_err(|e| at(file, unit.node, e))?;
    Ok(match target {
        // An untouched draft of the previous translation is not a new translation.
        Some(t) if seg.initial && Some(&t) == current => None,
        Some(t) => Some(NewText::Text(t)),
        None => None,
    })
}

fn list(
    file: &Arc<SourceFile>,
    item: &Item,
    source: &[String],
    current: Option<&Vec<String>>,
    units: &[(&str, &Unit)],
) -> Result<Option<NewText>, Refusal> {
    let [("", unit)] = units else {
        return Err(at(file, units[0].1.node, "unexpected unit").into());
    };
    let key = &item.key;
    if unit.segments.len() != source.len() {
        return Err(stale(file, unit, key));
    }
    let mut out = Vec::new();
    for (seg, src) in unit.segments.iter().zip(source) {
        let x = flatten(seg.source).map_err(|e| at(file, seg.source, e))?;
        if !same_source(&x, &[Inline::Text(src.clone())]) {
            return Err(stale(file, unit, key));
        }
        match plain(seg.target).map_err(|e| at(file, unit.node, e))? {
            Some(t) => out.push(t),
            None => return Ok(None),
        }
    }
    let initial = unit.segments.iter().all(|s| s.initial);
    if initial && Some(&out) == current {
        return Ok(None);
    }
    Ok(Some(NewText::List(out)))
}

fn guide(
    file: &Arc<SourceFile>,
    item: &Item,
    source: &GuideText,
    current: Option<&GuideText>,
    units: &[(&str, &Unit)],
) -> Result<Option<NewText>, Refusal> {
    let first = units[0].1;
    let blocks = segments::blocks(&source.body);
    let part = |name: &str| {
        units
            .iter()
            .find(|(p, _)| p.strip_prefix('.') == Some(name))
            .map(|(_, u)| *u)
    };
    let mut untouched = true;
    let mut text_of = |name: &str, src: &[Inline]| -> Result<Option<Returned>, Refusal> {
        let Some(unit) = part(name) else {
            return Err(stale(file, first, &item.key));
        };
        let [seg] = &unit.segments[..] else {
            return Err(at(file, unit.node, "this text was split into sentences")
                .help("the translation tool split a text into segments: join them into one (in most tools: \"join segments\"), save and import again")
                .into());
        };
        untouched &= seg.initial;
        let x = flatten(seg.source).map_err(|e| at(file, seg.source, e))?;
        if !same_source(&x, src) {
            return Err(stale(file, unit, &item.key));
        }
        let Some(target) = seg.target else {
            return Ok(None);
        };
        let content = flatten(target).map_err(|e| at(file, target, e))?;
        if content
            .iter()
            .all(|i| !matches!(i, Inline::Text(t) if !t.trim().is_empty()))
        {
            return Ok(None);
        }
        Ok(Some(Returned {
            unit: unit.node,
            target,
            content,
        }))
    };
    let title = text_of("title", &[Inline::Text(source.title.clone())])?;
    let summary = text_of("summary", &[Inline::Text(source.summary.clone())])?;
    let mut bodies = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        bodies.push((block, text_of(&format!("b{}", i + 1), &block.content)?));
    }
    if units.len() != blocks.len() + 2 {
        // More blocks in the file than in the guide: the guide lost a block since the export.
        return Err(stale(file, first, &item.key));
    }
    let (Some(title), Some(summary), Some(bodies)) = (
        title,
        summary,
        bodies
            .into_iter()
            .map(|(b, r)| r.map(|r| (b, r)))
            .collect::<Option<Vec<_>>>(),
    ) else {
        return Ok(None);
    };
    let title = plain_text(&title.content);
    let summary = plain_text(&summary.content);

    // Every segment still a draft, and every draft as exported: not a new translation.
    if untouched && let Some(old) = current {
        let old_blocks = segments::blocks(&old.body);
        let drafts = drafts(&blocks, &old_blocks);
        let same_drafts = bodies.iter().zip(&drafts).all(|((_, r), d)| {
            d.target
                .as_ref()
                .is_some_and(|t| same_source(&r.content, t))
        });
        if same_drafts
            && title == plain_text(&[Inline::Text(old.title.clone())])
            && summary == plain_text(&[Inline::Text(old.summary.clone())])
        {
            return Ok(None);
        }
    }

    let mut translated = Vec::new();
    for (block, returned) in &bodies {
        let unit_id = returned.unit.attribute("id").unwrap_or_default();
        let md = with_source_codes(&returned.content, block)
            .map_err(|e| at(file, returned.target, format!("`{unit_id}`: {e}")))?;
        let missing = missing_codes(&returned.content, block);
        if !missing.is_empty() {
            return Err(Refusal::Item(
                at(
                    file,
                    returned.target,
                    format!(
                        "the translation of `{unit_id}` leaves out the source's markup {}; the translation of `{}` is refused",
                        missing.join(", "),
                        item.key
                    ),
                )
                .label("the links and emphasis of this text would be lost")
                .help("put the codes back around the translated words: translation tools show them as tags to copy from the source"),
            ));
        }
        translated.push(md);
    }
    Ok(Some(NewText::Guide {
        title,
        summary,
        body: segments::replace_blocks(&source.body, &blocks, &translated),
    }))
}

/// A unit's target as returned by the translator.
struct Returned<'x> {
    unit: roxmltree::Node<'x, 'x>,
    target: roxmltree::Node<'x, 'x>,
    content: Vec<Inline>,
}

/// The text of inline content without its codes, whitespace collapsed.
fn plain_text(content: &[Inline]) -> String {
    content
        .iter()
        .filter_map(|i| match i {
            Inline::Text(t) => Some(t.as_str()),
            _ => None,
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The source's codes (a link, emphasis, code, a line break) that the translation leaves
/// out, each shown as its Markdown: `[…](service:gp)`, `**…**`.
fn missing_codes(content: &[Inline], source: &Block) -> Vec<String> {
    let has = |want: u32, close: bool| {
        content.iter().any(|i| match (i, close) {
            (Inline::Open { id, .. } | Inline::Ph { id, .. }, false)
            | (Inline::Close { id, .. }, true) => *id == want,
            _ => false,
        })
    };
    let close_md = |want: u32| {
        source.content.iter().find_map(|i| match i {
            Inline::Close { id, md } if *id == want => Some(md.as_str()),
            _ => None,
        })
    };
    source
        .content
        .iter()
        .filter_map(|i| match i {
            Inline::Open { id, md } if !has(*id, false) || !has(*id, true) => {
                Some(format!("`{md}…{}`", close_md(*id).unwrap_or_default()))
            }
            Inline::Ph { id, md } if !has(*id, false) => Some(format!("`{md}`")),
            _ => None,
        })
        .collect()
}

/// The translated block's Markdown, its codes replaced by the source's Markdown for them.
fn with_source_codes(content: &[Inline], source: &Block) -> Result<String, String> {
    let md_of = |id: u32, close: bool| -> Result<String, String> {
        source
            .content
            .iter()
            .find_map(|i| match (i, close) {
                (Inline::Open { id: o, md }, false)
                | (Inline::Ph { id: o, md }, false)
                | (Inline::Close { id: o, md }, true)
                    if *o == id =>
                {
                    Some(md.clone())
                }
                _ => None,
            })
            .ok_or_else(|| format!("the translation has a code (id {id}) the source does not have"))
    };
    let mut out = Vec::new();
    for piece in content {
        out.push(match piece {
            Inline::Text(t) => Inline::Text(t.clone()),
            Inline::Open { id, .. } => Inline::Open {
                id: *id,
                md: md_of(*id, false)?,
            },
            Inline::Close { id, .. } => Inline::Close {
                id: *id,
                md: md_of(*id, true)?,
            },
            Inline::Ph { id, .. } => Inline::Ph {
                id: *id,
                md: md_of(*id, false)?,
            },
        });
    }
    Ok(segments::to_markdown(&out))
}

/// The new contents of the site file `path` with `changes` applied, checked by reading it back.
fn apply(
    root: &Path,
    site: &Site,
    path: &str,
    lang: &Lang,
    changes: &[(Item, NewText)],
) -> Result<String, Diagnostic> {
    let full = root.join(path);
    let old = std::fs::read_to_string(&full).ok();
    let order: Vec<&str> = site
        .config
        .languages
        .iter()
        .map(|l| l.code.as_str())
        .take_while(|c| *c != lang.as_str())
        .collect();
    let failed = |e: String| {
        Diagnostic::error(format!("cannot write the translation into `{path}`: {e}"))
            .help("the file may have changed while importing; run the import again")
    };
    let mut text = old.clone().unwrap_or_default();
    for (item, new) in changes {
        text = match new {
            NewText::Text(t) => edit::set(
                &text,
                0..text.len(),
                &item.path,
                lang.as_str(),
                Value::Text(t),
                &order,
            )
            .map_err(failed)?,
            NewText::List(l) => edit::set(
                &text,
                0..text.len(),
                &item.path,
                lang.as_str(),
                Value::List(l),
                &order,
            )
            .map_err(failed)?,
            NewText::Guide {
                title,
                summary,
                body,
            } => guide_text(old.as_deref(), title, summary, body).map_err(failed)?,
        };
    }
    // The file must still load as what it is.
    let check = Arc::new(SourceFile {
        path: path.to_owned(),
        text: text.clone().into(),
    });
    let range = 0..text.len();
    let verified = if path.starts_with("guides/") {
        crate::load::parse_guide(check.clone())
            .first_problem()
            .map(|_| ())
    } else if path == crate::load::CONFIG_FILE {
        crate::load::parse_yaml::<crate::load::raw::RawConfig>(&check, range)
            .first_problem()
            .map(|_| ())
    } else if path.starts_with("services/") {
        crate::load::parse_yaml::<crate::load::raw::RawService>(&check, range)
            .first_problem()
            .map(|_| ())
    } else {
        crate::load::parse_yaml::<crate::load::raw::RawContact>(&check, range)
            .first_problem()
            .map(|_| ())
    };
    verified.map_err(|d| failed(d.message))?;
    Ok(text)
}

/// A guide's translation file: the existing front matter with title and summary replaced (so
/// anything else a translator put there stays), or a new one.
fn guide_text(old: Option<&str>, title: &str, summary: &str, body: &str) -> Result<String, String> {
    let front = old.and_then(|o| {
        let rest = o.strip_prefix("---\n")?;
        let end = rest.find("\n---\n").or_else(|| rest.find("\n---"))?;
        Some(rest[..end + 1].to_owned())
    });
    // A new file starts from a placeholder title that the edit below replaces.
    let front = front.unwrap_or_else(|| "title: x\n".to_owned());
    let front = edit::set(
        &front,
        0..front.len(),
        &[],
        "title",
        Value::Text(title),
        &[],
    )?;
    let front = edit::set(
        &front,
        0..front.len(),
        &[],
        "summary",
        Value::Text(summary),
        &["title"],
    )?;
    Ok(format!("---\n{front}---\n{body}"))
}
