//! Reading an XLIFF file: well-formed, safe, for this site and language; its units and their
//! inline content.

use std::sync::Arc;

use super::NAMESPACE;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::model::{Lang, Site};
use crate::translations::segments::Inline;
use crate::translations::{Item, Text, items};

/// A unit as read from the XLIFF.
pub(super) struct Unit<'x> {
    pub node: roxmltree::Node<'x, 'x>,
    pub segments: Vec<Segment<'x>>,
}

pub(super) struct Segment<'x> {
    pub source: roxmltree::Node<'x, 'x>,
    pub target: Option<roxmltree::Node<'x, 'x>>,
    pub initial: bool,
}

pub(super) fn parse(file: &Arc<SourceFile>) -> Result<roxmltree::Document<'_>, Diagnostics> {
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

pub(super) fn at(
    file: &Arc<SourceFile>,
    node: roxmltree::Node,
    message: impl Into<String>,
) -> Diagnostic {
    let r = node.range();
    // Point at the start tag, not the whole element.
    let end = file.text[r.clone()]
        .find('>')
        .map_or(r.end, |i| r.start + i + 1);
    Diagnostic::error(message).at(file, r.start..end)
}

/// The target language and the units by id, or every structural problem of the file.
pub(super) fn read_units<'x>(
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
pub(super) fn flatten(node: roxmltree::Node) -> Result<Vec<Inline>, String> {
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
pub(super) fn same_source(xliff: &[Inline], site: &[Inline]) -> bool {
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

pub(super) fn plain(node: Option<roxmltree::Node>) -> Result<Option<String>, String> {
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
