//! `guides/<id>.<lang>.md`: a guide's language files gathered into one guide, its references
//! and cross-references checked.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::load::raw::S;
use crate::load::{Doc, RawGuide};
use crate::model::*;

use super::{Cx, Declared, Shown};

impl Cx<'_> {
    pub(super) fn guides(
        &mut self,
        files: &[Arc<Doc<RawGuide>>],
        ids: &Declared,
        memo: Option<&mut GuideMemo>,
    ) -> Vec<Arc<Guide>> {
        // All language files of a guide, by id, in file order.
        let mut by_id: BTreeMap<&str, Versions> = BTreeMap::new();
        for doc in files {
            let g = &doc.data;
            // Most files are in one of the site's languages, written as the site writes it.
            let known = self.languages.iter().find(|l| l.as_str() == g.lang);
            let lang = match known.cloned().map_or_else(|| Lang::parse(&g.lang), Ok) {
                Ok(l) if self.languages.contains(&l) && l.as_str() != g.lang => {
                    let name = doc.file.path.rsplit('/').next().unwrap_or(&doc.file.path);
                    self.diags.push(
                        Diagnostic::error(format!(
                            "the language code `{}` in the file name is written `{l}`",
                            g.lang
                        ))
                        .in_file(&doc.file)
                        .help(format!(
                            "rename the file to `{}.{l}.md`: file names are compared letter for letter on the web server",
                            name.strip_suffix(&format!(".{}.md", g.lang)).unwrap_or(&g.id)
                        )),
                    );
                    continue;
                }
                Ok(l) if self.languages.contains(&l) => l,
                Ok(l) => {
                    self.diags.push(
                        Diagnostic::error(format!("unknown language code `{l}` in the file name"))
                            .in_file(&doc.file)
                            .help(self.languages_help()),
                    );
                    continue;
                }
                Err(e) => {
                    self.diags.push(
                        Diagnostic::error(e)
                            .in_file(&doc.file)
                            .help(self.languages_help()),
                    );
                    continue;
                }
            };
            if !Id::is_valid(&g.id)
                && let Err(e) = Id::parse(&g.id)
            {
                self.diags.push(
                    Diagnostic::error(format!("the guide's file name: {e}"))
                        .in_file(&doc.file)
                        .help("rename the file to `<id>.<language>.md`, like `first-week.nl.md`"),
                );
                continue;
            }
            let languages = self.languages.len();
            by_id
                .entry(&g.id)
                .or_insert_with(|| Vec::with_capacity(languages))
                .push((doc, lang));
        }

        let guides = super::Ids::from_ids(by_id.keys().filter_map(|i| Id::parse(i).ok()).collect());
        let known = Known {
            services: &ids.services,
            contacts: &ids.contacts,
            guides: &guides,
            categories: &ids.categories,
        };
        let mut memo = memo;
        if let Some(memo) = memo.as_deref_mut() {
            // A guide's checks read its own files and the ids above, nothing else.
            let context = Some(super::memo::hash_of((
                &known.services,
                &known.contacts,
                &known.guides,
                &known.categories,
                self.unreadable,
                &self.languages,
                self.source(),
            )));
            if memo.context != context {
                memo.context = context;
                memo.guides.clear();
            }
        }
        // What the memo holds, in id order; the rest is checked side by side.
        let slots: Vec<(&str, &Versions, Reused)> = by_id
            .iter()
            .map(|(id, versions)| {
                let same = |m: &Memoized| {
                    m.versions.len() == versions.len()
                        && m.versions
                            .iter()
                            .zip(versions)
                            .all(|((a, la), (b, lb))| Arc::ptr_eq(a, b) && la == lb)
                };
                let reused = memo
                    .as_deref_mut()
                    .and_then(|m| m.guides.remove_entry(*id))
                    .filter(|(_, m)| same(m));
                (*id, versions, reused)
            })
            .collect();
        let this = &*self;
        let checked: Vec<(Option<String>, Memoized)> = slots
            .into_par_iter()
            .map(|(id, versions, reused)| match reused {
                Some((key, m)) => (Some(key), m),
                None => {
                    let mut diags = crate::diagnostics::Diagnostics::default();
                    // A guide's check parses Markdown and HTML, which recurse deeply.
                    let m = stacker::maybe_grow(1 << 20, 8 << 20, || {
                        this.fork(&mut diags).checked(id, versions, &known)
                    });
                    (None, m)
                }
            })
            .collect();
        let mut kept = HashMap::with_capacity(by_id.len());
        let mut guides: Vec<Arc<Guide>> = Vec::with_capacity(by_id.len());
        for ((id, _), (key, checked)) in by_id.iter().zip(checked) {
            for d in &checked.diags {
                self.diags.push(d.clone());
            }
            if memo.is_some() {
                guides.extend(checked.guide.clone());
                kept.insert(key.unwrap_or_else(|| (*id).to_owned()), checked);
            } else {
                guides.extend(checked.guide);
            }
        }
        if let Some(memo) = memo {
            memo.guides = kept;
        }
        guides.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
        guides
    }

    /// [`Self::guide`] with what its checks said kept beside it: run on a fork of its own
    /// ([`Cx::fork`]), whose diagnostics it takes.
    fn checked(&mut self, id: &str, versions: &Versions, known: &Known) -> Memoized {
        let plain: Vec<(&Doc<RawGuide>, Lang)> =
            versions.iter().map(|(d, l)| (&***d, l.clone())).collect();
        let guide = self.guide(id, &plain, known);
        Memoized {
            versions: versions
                .iter()
                .map(|(d, l)| ((*d).clone(), l.clone()))
                .collect(),
            guide: guide.map(Arc::new),
            diags: std::mem::take(self.diags).into_iter().collect(),
        }
    }

    /// One guide from its language files: the source file's structure, every file's text.
    fn guide(
        &mut self,
        id: &str,
        versions: &[(&Doc<RawGuide>, Lang)],
        known: &Known,
    ) -> Option<Guide> {
        let source = self.source().clone();
        let Some(&(src_doc, _)) = versions.iter().find(|(_, l)| *l == source) else {
            // A source file that could not be read has its own error.
            if self.unreadable.iter().any(|u| u == id) {
                return None;
            }
            let (doc, _) = versions[0];
            self.diags.push(
                Diagnostic::error(format!("guide `{id}` has no {source} version"))
                    .in_file(&doc.file)
                    .help(format!(
                        "every guide starts in the source language: add guides/{id}.{source}.md"
                    )),
            );
            return None;
        };
        let m = &src_doc.data.meta;
        let reviewed = self.reviewed(src_doc, &m.reviewed);
        let category = match &m.category {
            Some(c) => self.reference(src_doc, c, "category", known.categories),
            None => {
                self.diags.push(
                    Diagnostic::error("the guide has no `category`")
                        .at(&src_doc.file, 0..3)
                        .help("add `category:` with the id of one of the categories in site.yaml"),
                );
                None
            }
        };
        let refs = |cx: &mut Self, list: &Option<Vec<S<String>>>, kind: XrefKind| {
            list.iter()
                .flatten()
                .filter_map(|r| cx.reference(src_doc, r, kind.name(), known.ids(kind)))
                .collect::<Vec<Id>>()
        };
        let mut services = refs(self, &m.services, XrefKind::Service);
        let mut contacts = refs(self, &m.contacts, XrefKind::Contact);
        // A service or contact the text links to is related to the guide like one listed in
        // the front matter: the guide shows on that service's page and lists that person.
        for link in self.cross_references(versions, known) {
            let list = match link.kind {
                XrefKind::Service => &mut services,
                XrefKind::Contact => &mut contacts,
                XrefKind::Guide => continue,
            };
            if let Ok(linked) = Id::parse(&link.id)
                && !list.contains(&linked)
            {
                list.push(linked);
            }
        }
        self.drifted_structure(id, src_doc, versions);
        for (doc, _) in versions {
            self.removed_html(doc);
            self.bare_addresses(doc);
        }

        let text = versions
            .iter()
            .map(|(doc, lang)| {
                let meta = &doc.data.meta;
                let text = GuideText {
                    title: self.shown(
                        doc,
                        doc.span(&meta.title).start,
                        meta.title.value.trim(),
                        Shown::OnSite,
                    ),
                    summary: self.shown(
                        doc,
                        doc.span(&meta.summary).start,
                        meta.summary.value.trim(),
                        Shown::OnSite,
                    ),
                    body: self.shown(doc, doc.data.body_offset, &doc.data.body, Shown::OnSite),
                };
                (lang.clone(), text)
            })
            .collect();
        let text = Translated::new(source, text).expect("the source version was found above");
        Some(Guide {
            version: SourceVersion::of(&text.source().joined()),
            text,
            id: Id::parse(id).ok()?,
            category: category?,
            order: m.order.as_ref().map_or(0, |o| o.value),
            services,
            contacts,
            reviewed,
            recordings: Default::default(),
        })
    }

    /// The cross-references of every language's text that point at something of the site, in
    /// file order; each one that does not is reported where it is written.
    fn cross_references(
        &mut self,
        versions: &[(&Doc<RawGuide>, Lang)],
        known: &Known,
    ) -> Vec<Xref> {
        let mut found = Vec::new();
        for (doc, _) in versions {
            for link in xrefs(&doc.data.body) {
                // A file that could not be read has its own error; do not repeat it here.
                if known.contains(link.kind, &link.id) {
                    found.push(link);
                    continue;
                }
                if self.unreadable.contains(&link.id) {
                    continue;
                }
                let name = link.kind.name();
                let at =
                    doc.data.body_offset + link.range.start..doc.data.body_offset + link.range.end;
                let ids = known.ids(link.kind).iter().map(Id::as_str);
                let suggestion = super::fields::closest(&link.id, ids)
                    .map(|k| format!("did you mean `{name}:{k}`? "))
                    .unwrap_or_default();
                self.diags.push(
                    Diagnostic::error(format!("link to unknown {name} `{}`", link.id))
                        .at(&doc.file, at)
                        .label(format!("no {name} has this id"))
                        .help(format!(
                            "{suggestion}write links to the site's own pages as [text]({name}:<id>) with the id of an existing {name}"
                        )),
                );
            }
        }
        found
    }

    /// A website or e-mail address linked without `https://` or `mailto:`: on the page it
    /// would lead nowhere.
    fn bare_addresses(&mut self, doc: &Doc<RawGuide>) {
        let base = doc.data.body_offset;
        for bare in bare_addresses(&doc.data.body) {
            let meant = &bare.meant;
            let help = if meant.starts_with("mailto:") {
                format!("an e-mail address is linked with `mailto:` before it: write `({meant})`")
            } else {
                format!("a website is linked with its full address: write `({meant})`")
            };
            self.diags.push(
                Diagnostic::error(format!(
                    "the link to `{}` leads nowhere: it needs its beginning",
                    bare.written
                ))
                .at(&doc.file, base + bare.range.start..base + bare.range.end)
                .label("a link")
                .help(help),
            );
        }
    }

    /// Tells the author what of a guide's raw HTML the page leaves out, where it is written.
    fn removed_html(&mut self, doc: &Doc<RawGuide>) {
        let base = doc.data.body_offset;
        for removed in removed_html(&doc.data.body) {
            self.diags.push(
                Diagnostic::warning(format!("removed from the page: {}", removed.what))
                    .at(
                        &doc.file,
                        base + removed.range.start..base + removed.range.end,
                    )
                    .label("not published")
                    .help(
                        "guides are published without scripts, event handlers, styles, frames, \
                         forms or images from other websites, so that no reader's phone runs or \
                         loads anything from elsewhere. Remove it from the file, or write it in \
                         Markdown",
                    ),
            );
        }
    }

    /// Translations repeat the structure only by copying; says so when a copy drifted.
    fn drifted_structure(
        &mut self,
        id: &str,
        src_doc: &Doc<RawGuide>,
        versions: &[(&Doc<RawGuide>, Lang)],
    ) {
        let source = self.source().clone();
        let m = &src_doc.data.meta;
        for (doc, lang) in versions {
            if *lang == source {
                continue;
            }
            let t = &doc.data.meta;
            let fields = [
                (
                    "category",
                    t.category.as_ref().map(|c| doc.span(c)),
                    t.category.as_ref().map(|c| &c.value) != m.category.as_ref().map(|c| &c.value),
                ),
                (
                    "order",
                    t.order.as_ref().map(|c| doc.span(c)),
                    t.order.as_ref().map(|o| o.value) != m.order.as_ref().map(|o| o.value),
                ),
            ];
            for (name, span, differs) in fields {
                if let (Some(span), true) = (span, differs) {
                    self.diags.push(
                        Diagnostic::warning(format!(
                            "`{name}` differs from the {source} version and is ignored"
                        ))
                        .at(&doc.file, span)
                        .help(format!(
                            "`{name}` is taken from guides/{id}.{source}.md; remove it here"
                        )),
                    );
                }
            }
        }
    }
}

/// A guide's language files, each with its language.
type Versions<'d> = Vec<(&'d Arc<Doc<RawGuide>>, Lang)>;

/// A guide taken from the memo, with its key there.
type Reused = Option<(String, Memoized)>;

/// Guides as validated last time, by id, with the files they were made from and what their
/// checks said: a guide whose files are the very same parsed documents (the load cache hands
/// out the same ones while a file is unchanged), checked against the same ids, is taken from
/// here.
#[derive(Default)]
pub(super) struct GuideMemo {
    /// The hash of the ids and languages the guides were checked against.
    context: Option<u64>,
    guides: HashMap<String, Memoized>,
}

struct Memoized {
    versions: Vec<(Arc<Doc<RawGuide>>, Lang)>,
    /// As checked, never with recordings: those are attached to the site's copy
    /// (`Arc::make_mut`), so a recording deleted since is not kept here.
    guide: Option<Arc<Guide>>,
    diags: Vec<Diagnostic>,
}

/// Every id of the site a guide may refer to.
struct Known<'a> {
    services: &'a super::Ids,
    contacts: &'a super::Ids,
    guides: &'a super::Ids,
    categories: &'a super::Ids,
}

impl Known<'_> {
    fn ids(&self, kind: XrefKind) -> &super::Ids {
        match kind {
            XrefKind::Service => self.services,
            XrefKind::Contact => self.contacts,
            XrefKind::Guide => self.guides,
        }
    }

    fn contains(&self, kind: XrefKind, id: &str) -> bool {
        self.ids(kind).contains(id)
    }
}
