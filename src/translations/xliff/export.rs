//! Export: the units of every item a language still needs, with drafts of earlier translations.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use super::{NAMESPACE, escape};
use crate::model::{Lang, Site};
use crate::translations::segments::{self, Block, Inline};
use crate::translations::{Item, State, Text, items, state};

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
        // A recording has no words to translate.
        Text::Recording(_) => Vec::new(),
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
        Text::Guide(g) => {
            let t = &g.text;
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
            for (i, (block, draft)) in blocks.iter().zip(drafts(&blocks, &old_blocks)).enumerate() {
                let (source_xml, data) = inline_xml(&block.content);
                let previous = draft.previous;
                let target = draft.target.map(|t| inline_xml(&t).0);
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

/// What the export offers for one source block: the block of the earlier translation that
/// corresponds to it, and that block as a draft target when its codes pair with the source's.
pub(super) struct Draft<'b> {
    pub previous: Option<&'b Block>,
    pub target: Option<Vec<Inline>>,
}

/// The draft of each source block from an earlier translation's blocks (none without one).
/// Import compares a returned target with this to tell an untouched draft from a translation.
pub(super) fn drafts<'b>(blocks: &[Block], old_blocks: &'b [Block]) -> Vec<Draft<'b>> {
    let pairs = align(blocks, old_blocks);
    blocks
        .iter()
        .zip(pairs)
        .map(|(block, pair)| {
            let previous = pair.map(|j| &old_blocks[j]);
            let target = previous.and_then(|p| Some(renumbered(&p.content, &code_ids(block, p)?)));
            Draft { previous, target }
        })
        .collect()
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

/// `content` with its codes' ids replaced as `ids` says (a translation's codes take the ids
/// of the source's).
fn renumbered(content: &[Inline], ids: &HashMap<u32, u32>) -> Vec<Inline> {
    let id_of = |id: &u32| ids.get(id).copied().unwrap_or(*id);
    content
        .iter()
        .map(|piece| match piece {
            Inline::Text(t) => Inline::Text(t.clone()),
            Inline::Open { id, md } => Inline::Open {
                id: id_of(id),
                md: md.clone(),
            },
            Inline::Close { id, md } => Inline::Close {
                id: id_of(id),
                md: md.clone(),
            },
            Inline::Ph { id, md } => Inline::Ph {
                id: id_of(id),
                md: md.clone(),
            },
        })
        .collect()
}

/// XLIFF inline content for `content`, and the `<data>` elements holding its codes' Markdown.
fn inline_xml(content: &[Inline]) -> (String, String) {
    let (mut xml, mut data) = (String::new(), String::new());
    for piece in content {
        match piece {
            Inline::Text(t) => xml.push_str(&escape(t)),
            Inline::Open { id, md } => {
                let _ = write!(
                    xml,
                    "<pc id=\"{id}\" dataRefStart=\"d{id}\" dataRefEnd=\"d{id}e\">"
                );
                let _ = write!(data, "<data id=\"d{id}\">{}</data>", escape(md));
            }
            Inline::Close { id, md } => {
                xml.push_str("</pc>");
                let _ = write!(data, "<data id=\"d{id}e\">{}</data>", escape(md));
            }
            Inline::Ph { id, md } => {
                let _ = write!(xml, "<ph id=\"{id}\" dataRef=\"d{id}\"/>");
                let _ = write!(data, "<data id=\"d{id}\">{}</data>", escape(md));
            }
        }
    }
    (xml, data)
}
