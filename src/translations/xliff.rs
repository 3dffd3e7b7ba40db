//! The exchange with translators: XLIFF 2.0 files that any CAT tool reads.
//!
//! Units are named after the item they belong to: `service.health-centre.description`,
//! `contact.amira-haddad.helps_with` (one segment per list entry), and for a guide
//! `guide.first-week.title`, `.summary` and `.b1`, `.b2`, … per block of its Markdown, with the
//! block's inline markup as `<pc>`/`<ph>` codes whose Markdown is in `<originalData>`.
//!
//! Import checks every unit against the site as it is now: a unit whose source changed since
//! the export is refused, because its translation was made from another text.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use super::edit::{self, Value};
use super::segments::{self, Block, Inline};
use super::{Item, State, Text, items, state};
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::model::{Lang, Recorded, Site};

pub const NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:2.0";

/// Files larger than this are not XLIFF a person made for one site.
const MAX_BYTES: usize = 64 << 20;

/// What an export wrote.
#[derive(Debug)]
pub struct Exported {
    pub xml: String,
    pub items: usize,
    pub units: usize,
}

/// The XLIFF for translating `site` into `lang`: the items that are missing, outdated or
/// machine-translated, or every item when `all` is set.
pub fn export(site: &Site, lang: &Lang, all: bool) -> Exported {
    let source = &site.config.source;
    let mut files: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let (mut item_count, mut unit_count) = (0, 0);
    let items = items(site);
    let mut order: Vec<String> = Vec::new();
    for item in &items {
        let current = item.source_version();
        let st = state(&site.ledger, item, lang, &current);
        let wanted = all || matches!(st, State::Missing | State::Outdated | State::Machine);
        if !wanted {
            continue;
        }
        let units = units(item, source, lang, st);
        item_count += 1;
        unit_count += units.len();
        if !files.contains_key(&item.file) {
            order.push(item.file.clone());
        }
        files.entry(item.file.clone()).or_default().extend(units);
    }
    let mut xml = String::new();
    let _ = writeln!(
        xml,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff xmlns=\"{NAMESPACE}\" version=\"2.0\" srcLang=\"{source}\" trgLang=\"{lang}\">"
    );
    for (n, file) in order.iter().enumerate() {
        let _ = writeln!(
            xml,
            "<file id=\"f{}\" original=\"{}\">",
            n + 1,
            escape(file)
        );
        for unit in &files[file] {
            xml.push_str(unit);
        }
        xml.push_str("</file>\n");
    }
    xml.push_str("</xliff>\n");
    Exported {
        xml,
        items: item_count,
        units: unit_count,
    }
}

/// The state a target gets: a previous translation is a draft until the translator confirms it.
fn target_state(st: State) -> &'static str {
    match st {
        State::UpToDate => "final",
        _ => "initial",
    }
}

fn note_for(st: State) -> Option<&'static str> {
    match st {
        State::Outdated => Some(
            "The source changed after this was translated. The target holds the previous translation: update it to the new source.",
        ),
        State::Machine => {
            Some("The target is a machine translation: check it and correct what is wrong.")
        }
        State::Unverified => Some("The target is the current translation; check it."),
        _ => None,
    }
}

/// The `<unit>` elements of one item.
fn units(item: &Item, source: &Lang, lang: &Lang, st: State) -> Vec<String> {
    let id = item.key.replace('/', ".");
    match item.text {
        Text::Field(t) => {
            let target = t.has(lang).then(|| t.get(lang).value.as_str());
            vec![unit(
                &id,
                &item.key,
                None,
                note_for(st),
                &[(escape(t.source()), target.map(escape))],
                st,
                "",
            )]
        }
        Text::List(t) => {
            let src = t.source();
            let old = t.has(lang).then(|| t.get(lang).value);
            // A previous translation with another number of entries cannot be paired.
            let paired = old.filter(|o| o.len() == src.len());
            let segments: Vec<(String, Option<String>)> = src
                .iter()
                .enumerate()
                .map(|(i, s)| (escape(s), paired.map(|o| escape(&o[i]))))
                .collect();
            let note = match (old, paired) {
                (Some(o), None) => Some(format!("Previous translation: {}", o.join(" · "))),
                _ => note_for(st).map(str::to_owned),
            };
            vec![unit(
                &id,
                &item.key,
                None,
                note.as_deref(),
                &segments,
                st,
                "",
            )]
        }
        Text::Guide(t) => {
            let src = t.get(source).value;
            let old = t.has(lang).then(|| t.get(lang).value);
            let mut out = vec![
                unit(
                    &format!("{id}.title"),
                    &item.key,
                    Some("title"),
                    note_for(st),
                    &[(escape(&src.title), old.map(|o| escape(&o.title)))],
                    st,
                    "",
                ),
                unit(
                    &format!("{id}.summary"),
                    &item.key,
                    Some("summary"),
                    note_for(st),
                    &[(escape(&src.summary), old.map(|o| escape(&o.summary)))],
                    st,
                    "",
                ),
            ];
            let blocks = segments::blocks(&src.body);
            let old_blocks = old.map(|o| segments::blocks(&o.body)).unwrap_or_default();
            let pairs = align(&blocks, &old_blocks);
            for (i, block) in blocks.iter().enumerate() {
                let (source_xml, data) = inline_xml(&block.content, None);
                let previous = pairs[i].map(|j| &old_blocks[j]);
                let target = previous.and_then(|p| {
                    let ids = code_ids(block, p)?;
                    Some(inline_xml(&p.content, Some(&ids)).0)
                });
                let note = match (previous, &target) {
                    (Some(p), None) => Some(format!(
                        "Previous translation: {}",
                        segments::to_markdown(&p.content)
                    )),
                    (None, _) if old.is_some() => {
                        Some("New in the source since the previous translation.".to_owned())
                    }
                    _ => note_for(st).map(str::to_owned),
                };
                out.push(unit(
                    &format!("{id}.b{}", i + 1),
                    &item.key,
                    Some(block.kind),
                    note.as_deref(),
                    &[(source_xml, target)],
                    st,
                    &data,
                ));
            }
            out
        }
    }
}

/// For each source block, the block of the earlier translation that corresponds to it: the
/// best alignment of the two sequences (blocks pair only with blocks of the same kind, and
/// better when their markup is the same too), so that a paragraph added to or removed from the
/// source does not shift every later pairing.
fn align(source: &[Block], old: &[Block]) -> Vec<Option<usize>> {
    let codes = |b: &Block| -> Vec<String> {
        b.content
            .iter()
            .filter_map(|i| match i {
                Inline::Open { md, .. } | Inline::Ph { md, .. } => Some(md.clone()),
                _ => None,
            })
            .collect()
    };
    let score = |a: &Block, b: &Block| -> u32 {
        match (a.kind == b.kind, codes(a) == codes(b)) {
            (false, _) => 0,
            (true, false) => 1,
            (true, true) => 2,
        }
    };
    let (n, m) = (source.len(), old.len());
    let mut best = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let pair = match score(&source[i], &old[j]) {
                0 => 0,
                s => s + best[i + 1][j + 1],
            };
            best[i][j] = pair.max(best[i + 1][j]).max(best[i][j + 1]);
        }
    }
    let mut pairs = vec![None; n];
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        let s = score(&source[i], &old[j]);
        if s > 0 && best[i][j] == s + best[i + 1][j + 1] {
            pairs[i] = Some(j);
            i += 1;
            j += 1;
        } else if best[i][j] == best[i + 1][j] {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs
}

/// One `<unit>`; `segments` hold source and target as XLIFF inline content.
fn unit(
    id: &str,
    name: &str,
    context: Option<&str>,
    note: Option<&str>,
    segments: &[(String, Option<String>)],
    st: State,
    original_data: &str,
) -> String {
    let mut u = format!("<unit id=\"{id}\" name=\"{}\">\n", escape(name));
    if context.is_some() || note.is_some() {
        u.push_str("<notes>");
        if let Some(c) = context {
            let _ = write!(u, "<note category=\"context\">{}</note>", escape(c));
        }
        if let Some(n) = note {
            let _ = write!(u, "<note category=\"wegwijs\">{}</note>", escape(n));
        }
        u.push_str("</notes>\n");
    }
    if !original_data.is_empty() {
        let _ = writeln!(u, "<originalData>{original_data}</originalData>");
    }
    for (n, (source, target)) in segments.iter().enumerate() {
        let seg_id = if segments.len() > 1 {
            format!(" id=\"{}\"", n + 1)
        } else {
            String::new()
        };
        match target {
            Some(t) => {
                let _ = writeln!(
                    u,
                    "<segment{seg_id} state=\"{}\"><source>{source}</source><target>{t}</target></segment>",
                    target_state(st)
                );
            }
            None => {
                let _ = writeln!(u, "<segment{seg_id}><source>{source}</source></segment>");
            }
        }
    }
    u.push_str("</unit>\n");
    u
}

/// For each code of the translated block, the id of the source code with the same Markdown;
/// `None` when a code of the translation has no partner in the source.
fn code_ids(source: &Block, translation: &Block) -> Option<HashMap<u32, u32>> {
    let mut free: Vec<(u32, &Inline)> = source
        .content
        .iter()
        .filter_map(|i| match i {
            Inline::Open { id, .. } | Inline::Ph { id, .. } => Some((*id, i)),
            _ => None,
        })
        .collect();
    let mut map = HashMap::new();
    for piece in &translation.content {
        let (Inline::Open { id, md } | Inline::Ph { id, md }) = piece else {
            continue;
        };
        let pos = free.iter().position(|(_, s)| match (s, piece) {
            (Inline::Open { md: a, .. }, Inline::Open { .. })
            | (Inline::Ph { md: a, .. }, Inline::Ph { .. }) => a == md,
            _ => false,
        })?;
        map.insert(*id, free.remove(pos).0);
    }
    Some(map)
}

/// XLIFF inline content for `content`, and the `<data>` elements holding its codes' Markdown.
/// `ids` renumbers the codes (a translation's codes take the ids of the source's).
fn inline_xml(content: &[Inline], ids: Option<&HashMap<u32, u32>>) -> (String, String) {
    let id_of = |id: &u32| ids.map_or(*id, |m| m.get(id).copied().unwrap_or(*id));
    let (mut xml, mut data) = (String::new(), String::new());
    for piece in content {
        match piece {
            Inline::Text(t) => xml.push_str(&escape(t)),
            Inline::Open { id, md } => {
                let id = id_of(id);
                let _ = write!(
                    xml,
                    "<pc id=\"{id}\" dataRefStart=\"d{id}\" dataRefEnd=\"d{id}e\">"
                );
                let _ = write!(data, "<data id=\"d{id}\">{}</data>", escape(md));
            }
            Inline::Close { id, md } => {
                xml.push_str("</pc>");
                let id = id_of(id);
                let _ = write!(data, "<data id=\"d{id}e\">{}</data>", escape(md));
            }
            Inline::Ph { id, md } => {
                let id = id_of(id);
                let _ = write!(xml, "<ph id=\"{id}\" dataRef=\"d{id}\"/>");
                let _ = write!(data, "<data id=\"d{id}\">{}</data>", escape(md));
            }
        }
    }
    (xml, data)
}

/// Text for XML content and attribute values; characters XML 1.0 cannot hold are dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Import

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

/// A unit as read from the XLIFF.
struct Unit<'x> {
    node: roxmltree::Node<'x, 'x>,
    segments: Vec<Segment<'x>>,
}

struct Segment<'x> {
    source: roxmltree::Node<'x, 'x>,
    target: Option<roxmltree::Node<'x, 'x>>,
    initial: bool,
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
        Err(e) => return fail(Diagnostic::error(format!("cannot read `{shown}`: {e}"))),
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
    let loaded = super::commands::load_site(root)?;
    let site = &loaded.site;
    let doc = parse(&file)?;
    let (lang, units) = read_units(site, &file, &doc)?;

    let mut result = Imported {
        lang: Some(lang.clone()),
        ..Default::default()
    };
    let all = items(site);
    let mut edits: BTreeMap<String, FileEdit> = BTreeMap::new();
    let mut ledger = site.ledger.clone();
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
            Text::Guide(t) => guide(&file, item, t.source(), &mine),
        };
        match outcome {
            Ok(Some(value)) => {
                let target = match &value {
                    NewText::Guide { .. } => {
                        super::guide_file(item.key.trim_start_matches("guide/"), &lang)
                    }
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
                super::commands::acknowledge(site, &mut ledger, item);
                result.written.push(item.key.clone());
            }
            Ok(None) => result.untranslated.push(item.key.clone()),
            Err(Refusal::Stale(d)) => result.diagnostics.push(d),
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
        super::commands::save(root, site, &ledger)?;
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

fn parse(file: &Arc<SourceFile>) -> Result<roxmltree::Document<'_>, Diagnostics> {
    let text: &str = &file.text;
    let mut diags = Diagnostics::default();
    if let Some(at) = text.find("<!DOCTYPE").or_else(|| text.find("<!ENTITY")) {
        diags.push(
            Diagnostic::error("the file declares a DOCTYPE or entities, which XLIFF never needs")
                .at(file, at..at + 9)
                .label("refused: entities can read files or exhaust memory")
                .help("export the file again from the translation tool; XLIFF 2 has no DOCTYPE"),
        );
        return Err(diags);
    }
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: 5_000_000,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, options).map_err(|e| {
        let pos = e.pos();
        let at = crate::load::offset_of(text, pos.row.into(), pos.col.into());
        diags.push(
            Diagnostic::error(format!("not well-formed XML: {e}"))
                .at(file, at..at + 1)
                .help("the file was damaged or is not XLIFF; export it again from the translation tool"),
        );
        diags
    })
}

fn at(file: &Arc<SourceFile>, node: roxmltree::Node, message: impl Into<String>) -> Diagnostic {
    let r = node.range();
    // Point at the start tag, not the whole element.
    let end = file.text[r.clone()]
        .find('>')
        .map_or(r.end, |i| r.start + i + 1);
    Diagnostic::error(message).at(file, r.start..end)
}

/// The target language and the units by id, or every structural problem of the file.
fn read_units<'x>(
    site: &Site,
    file: &Arc<SourceFile>,
    doc: &'x roxmltree::Document<'x>,
) -> Result<(Lang, Vec<(String, Unit<'x>)>), Diagnostics> {
    let mut diags = Diagnostics::default();
    let root = doc.root_element();
    if root.tag_name().name() != "xliff" || root.tag_name().namespace() != Some(NAMESPACE) {
        diags.push(
            at(file, root, "this is not an XLIFF 2 file")
                .help(format!("the root element must be <xliff xmlns=\"{NAMESPACE}\">; wegwijs exports and imports XLIFF 2.0")),
        );
        return Err(diags);
    }
    if !root
        .attribute("version")
        .is_some_and(|v| v.starts_with("2."))
    {
        diags.push(
            at(file, root, "only XLIFF version 2.x is read").help("export as XLIFF 2.0 or later"),
        );
    }
    let source = &site.config.source;
    match root.attribute("srcLang").map(Lang::parse) {
        Some(Ok(l)) if &l == source => {}
        _ => diags.push(
            at(
                file,
                root,
                format!("the source language (srcLang) is not the site's, `{source}`"),
            )
            .help("import files exported from this site"),
        ),
    }
    let lang = match root.attribute("trgLang").map(Lang::parse) {
        Some(Ok(l)) if &l != source && site.config.lang(&l).is_some() => Some(l),
        _ => {
            diags.push(
                at(
                    file,
                    root,
                    "the target language (trgLang) is not one of the site's translated languages",
                )
                .help("add the language to site.yaml first, or correct trgLang"),
            );
            None
        }
    };
    let known: Vec<Item> = items(site);
    let mut units: Vec<(String, Unit)> = Vec::new();
    for node in root
        .descendants()
        .filter(|n| n.has_tag_name((NAMESPACE, "unit")))
    {
        let id = node.attribute("id").unwrap_or("");
        let known_unit = known.iter().any(|item| {
            let prefix = item.key.replace('/', ".");
            match item.text {
                Text::Guide(_) => id
                    .strip_prefix(&prefix)
                    .and_then(|r| r.strip_prefix('.'))
                    .is_some_and(|part| {
                        part == "title"
                            || part == "summary"
                            || part
                                .strip_prefix('b')
                                .is_some_and(|n| n.parse::<usize>().is_ok())
                    }),
                _ => id == prefix,
            }
        });
        if !known_unit {
            diags.push(at(file, node, format!("unknown unit `{id}`: nothing in this site has that name")).help("the file may be for another site, or the text was removed since the export; remove the unit or export again"));
            continue;
        }
        if units.iter().any(|(u, _)| u == id) {
            diags.push(at(file, node, format!("unit `{id}` appears twice")));
            continue;
        }
        let segments = node
            .children()
            .filter(|n| n.has_tag_name((NAMESPACE, "segment")))
            .filter_map(|seg| {
                let source = seg
                    .children()
                    .find(|n| n.has_tag_name((NAMESPACE, "source")))?;
                let target = seg
                    .children()
                    .find(|n| n.has_tag_name((NAMESPACE, "target")));
                let initial = seg.attribute("state").is_none_or(|s| s == "initial");
                Some(Segment {
                    source,
                    target,
                    initial,
                })
            })
            .collect();
        units.push((id.to_owned(), Unit { node, segments }));
    }
    match (lang, diags.has_errors()) {
        (Some(lang), false) => Ok((lang, units)),
        _ => Err(diags),
    }
}

/// The text of inline content with codes, for comparing a source with the site's.
fn flatten(node: roxmltree::Node) -> Result<Vec<Inline>, String> {
    let mut out = Vec::new();
    flatten_into(node, &mut out)?;
    Ok(out)
}

fn flatten_into(node: roxmltree::Node, out: &mut Vec<Inline>) -> Result<(), String> {
    for child in node.children() {
        if child.is_text() {
            let t = child.text().unwrap_or("");
            match out.last_mut() {
                Some(Inline::Text(prev)) => prev.push_str(t),
                _ => out.push(Inline::Text(t.to_owned())),
            }
            continue;
        }
        if !child.is_element() {
            continue;
        }
        let id = || -> Result<u32, String> {
            child
                .attribute("id")
                .or_else(|| child.attribute("startRef"))
                .and_then(|i| i.parse().ok())
                .ok_or_else(|| format!("<{}> without a numeric id", child.tag_name().name()))
        };
        match child.tag_name().name() {
            "pc" => {
                let id = id()?;
                out.push(Inline::Open {
                    id,
                    md: String::new(),
                });
                flatten_into(child, out)?;
                out.push(Inline::Close {
                    id,
                    md: String::new(),
                });
            }
            "sc" => out.push(Inline::Open {
                id: id()?,
                md: String::new(),
            }),
            "ec" => out.push(Inline::Close {
                id: id()?,
                md: String::new(),
            }),
            "ph" => out.push(Inline::Ph {
                id: id()?,
                md: String::new(),
            }),
            // Annotations a CAT tool adds around text: their content counts.
            "mrk" | "sm" | "em" => flatten_into(child, out)?,
            other => return Err(format!("unexpected element <{other}> in the text")),
        }
    }
    Ok(())
}

/// Whitespace-insensitive comparison of a unit's source with the site's current text.
fn same_source(xliff: &[Inline], site: &[Inline]) -> bool {
    let norm = |c: &[Inline]| -> Vec<String> {
        let mut v = Vec::new();
        for i in c {
            match i {
                Inline::Text(t) => {
                    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !t.is_empty() {
                        v.push(t)
                    }
                }
                Inline::Open { id, .. } => v.push(format!("<{id}>")),
                Inline::Close { id, .. } => v.push(format!("</{id}>")),
                Inline::Ph { id, .. } => v.push(format!("<{id}/>")),
            }
        }
        v
    };
    norm(xliff) == norm(site)
}

/// Why a unit is not imported.
enum Refusal {
    /// Its source changed since the export: the unit is refused, the others imported.
    Stale(Diagnostic),
    /// The file is broken: nothing is imported.
    Malformed(Diagnostic),
}

impl From<Diagnostic> for Refusal {
    fn from(d: Diagnostic) -> Self {
        Refusal::Malformed(d)
    }
}

fn stale(file: &Arc<SourceFile>, unit: &Unit, key: &str) -> Refusal {
    Refusal::Stale(at(file, unit.node, format!("the source of `{key}` changed since this file was exported; its translation is refused"))
        .help("export the text again (`wegwijs translations export`) and have the changed part translated"))
}

fn plain(node: Option<roxmltree::Node>) -> Result<Option<String>, String> {
    let Some(node) = node else { return Ok(None) };
    let parts = flatten(node)?;
    let mut text = String::new();
    for p in parts {
        match p {
            Inline::Text(t) => text.push_str(&t),
            _ => return Err("this text has no markup; the translation has codes".into()),
        }
    }
    let text = text.trim().to_owned();
    Ok((!text.is_empty()).then_some(text))
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
        return Err(at(file, unit.node, "this unit must have one segment").into());
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
    source: &crate::model::GuideText,
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
    let mut incomplete = false;
    let mut text_of = |name: &str, src: &[Inline]| -> Result<Option<Vec<Inline>>, Refusal> {
        let Some(unit) = part(name) else {
            return Err(stale(file, first, &item.key));
        };
        let [seg] = &unit.segments[..] else {
            return Err(at(file, unit.node, "this unit must have one segment").into());
        };
        let x = flatten(seg.source).map_err(|e| at(file, seg.source, e))?;
        if !same_source(&x, src) {
            return Err(stale(file, unit, &item.key));
        }
        let Some(target) = seg.target else {
            incomplete = true;
            return Ok(None);
        };
        let content = flatten(target).map_err(|e| at(file, target, e))?;
        if content
            .iter()
            .all(|i| !matches!(i, Inline::Text(t) if !t.trim().is_empty()))
        {
            incomplete = true;
            return Ok(None);
        }
        Ok(Some(content))
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
    if incomplete {
        return Ok(None);
    }
    let plain_text = |c: Vec<Inline>| -> String {
        c.into_iter()
            .filter_map(|i| match i {
                Inline::Text(t) => Some(t),
                _ => None,
            })
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut translated = Vec::new();
    for (block, content) in bodies {
        let content = content.expect("complete");
        translated.push(
            with_source_codes(&content, block)
                .map_err(|e| at(file, first.node, format!("`{}`: {e}", item.key)))?,
        );
    }
    Ok(Some(NewText::Guide {
        title: plain_text(title.expect("complete")),
        summary: plain_text(summary.expect("complete")),
        body: segments::replace_blocks(&source.body, &blocks, &translated),
    }))
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
        crate::load::parse_guide(check.clone()).map(|_| ())
    } else if path == crate::load::CONFIG_FILE {
        crate::load::parse_yaml::<crate::load::raw::RawConfig>(&check, range).map(|_| ())
    } else if path.starts_with("services/") {
        crate::load::parse_yaml::<crate::load::raw::RawService>(&check, range).map(|_| ())
    } else {
        crate::load::parse_yaml::<crate::load::raw::RawContact>(&check, range).map(|_| ())
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
