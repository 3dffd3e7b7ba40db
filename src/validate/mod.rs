//! Stage 2: check the raw documents and turn them into the model.
//!
//! Every check reports through `Diagnostics` and carries on, so that one build lists every
//! problem of the site; a value that fails is left out rather than stopping the build.

mod config;
mod contacts;
mod fields;
mod guides;
mod ledger;
mod memo;
mod recordings;
mod services;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::raw::S;
use crate::load::{Doc, RawSite};
use crate::model::*;

pub use memo::Memo;

/// What validation needs to know of the theme.
#[derive(Debug, Default)]
pub struct FromTheme<'a> {
    /// The names of the theme's pictograms, which categories refer to.
    pub icons: Vec<&'a str>,
    /// The characters the card's fonts can draw; `None` when the theme prints no card.
    pub card_glyphs: Option<Glyphs>,
}

/// Checks everything that can be checked without rendering. `None` when the site
/// configuration itself is unusable; otherwise the site, with the problems in `diags`.
pub fn validate(raw: RawSite, theme: &FromTheme, diags: &mut Diagnostics) -> Option<Site> {
    validate_with(raw, theme, &mut Memo::default(), diags)
}

/// [`validate`], reusing from `memo` what the change did not touch (and leaving what it made).
pub fn validate_with(
    mut raw: RawSite,
    theme: &FromTheme,
    memo: &mut Memo,
    diags: &mut Diagnostics,
) -> Option<Site> {
    let basemap = std::mem::take(&mut raw.basemap);
    let config_doc = raw.config.as_ref()?;
    let mut cx = Cx {
        icons: &theme.icons,
        card_glyphs: theme.card_glyphs.as_ref(),
        unreadable: &raw.unreadable,
        diags,
        languages: Vec::new(),
        source: None,
        region: phonenumber::country::Id::NL,
        warned: HashSet::new(),
        basemap: &basemap,
    };
    let config = cx.config(config_doc)?;
    let categories = cx.categories(config_doc);

    // A file whose id is invalid declares its file name instead (files are named after their
    // id), so that what refers to it is not reported again after the id's own error.
    let declared = |docs: Vec<(&S<String>, &str, Vec<&str>)>| -> Ids {
        let mut ids = Ids::default();
        for (id, path, names) in docs {
            if let Some(id) = Id::parse(&id.value).ok().or_else(|| id_of_file_name(path)) {
                ids.add(id, names);
            }
        }
        ids
    };
    let ids = Declared {
        services: declared(
            raw.services
                .iter()
                .map(|d| {
                    let names = d.data.name.value.0.iter().map(|(_, n)| n.as_str());
                    (&d.data.id, d.file.path.as_str(), names.collect())
                })
                .collect(),
        ),
        contacts: declared(
            raw.contacts
                .iter()
                .map(|d| {
                    (
                        &d.data.id,
                        d.file.path.as_str(),
                        vec![d.data.name.value.as_str()],
                    )
                })
                .collect(),
        ),
        categories: {
            let mut ids = Ids::default();
            for c in &categories {
                let names = c.name.languages().map(|l| c.name.get(l).value.as_str());
                ids.add(c.id.clone(), names.collect());
            }
            ids
        },
    };

    // What a service's or contact's checks read besides its own file.
    let around = memo::hash_of((
        &cx.icons,
        cx.card_glyphs,
        cx.unreadable,
        &cx.languages,
        &cx.source,
        cx.region.as_ref(),
        cx.basemap.bbox.map(|b| b.map(f64::to_bits)),
    ));
    let services: Vec<Arc<Service>> = crate::timings::phase("  services", || {
        if let Some(m) = &mut memo.services {
            m.begin(memo::hash_of((around, &ids.categories)));
        }
        let mut seen = Seen::default();
        let services = raw
            .services
            .iter()
            .filter_map(|doc| {
                let s = cx.memoized(memo.services.as_mut(), doc, |cx, doc| {
                    cx.service(doc, &ids).map(Arc::new)
                })?;
                seen.first(&mut cx, doc, &doc.data.id, "service")
                    .then_some(s)
            })
            .collect();
        if let Some(m) = memo.services.as_mut() {
            m.end();
        }
        services
    });
    let contacts: Vec<Arc<Contact>> = crate::timings::phase("  contacts", || {
        if let Some(m) = &mut memo.contacts {
            m.begin(memo::hash_of((around, &ids.services)));
        }
        let mut seen = Seen::default();
        let contacts = raw
            .contacts
            .iter()
            .filter_map(|doc| {
                let c = cx.memoized(memo.contacts.as_mut(), doc, |cx, doc| {
                    cx.contact(doc, &ids).map(Arc::new)
                })?;
                seen.first(&mut cx, doc, &doc.data.id, "contact")
                    .then_some(c)
            })
            .collect();
        if let Some(m) = memo.contacts.as_mut() {
            m.end();
        }
        contacts
    });
    let mut guides = crate::timings::phase("  guides", || {
        cx.guides(&raw.guides, &ids, memo.guides.as_mut())
    });
    cx.recordings(&mut guides, &raw.recordings);

    let guides_read = raw.scope == crate::load::Scope::Everything;
    for g in config_doc
        .data
        .featured_guides
        .iter()
        .filter(|_| guides_read)
    {
        if !guides.iter().any(|x| x.id.as_str() == g.value) {
            cx.diags.push(
                config_doc
                    .error(g, format!("featured guide `{}` does not exist", g.value))
                    .help("use the id of a guide: its file name before the language, as in guides/<id>.nl.md"),
            );
        }
    }

    let mut config = config;
    if let Some(card) = &config_doc.data.card {
        config.card = cx.card(config_doc, card, &ids.contacts);
    }
    let mut site = Site::new(config, categories, services, contacts, guides);
    if let Some(m) = &mut memo.ledger {
        m.begin(memo::hash_of(&cx.languages));
    }
    if let Some(doc) = &raw.ledger
        && let Some(ledger) = cx.memoized(memo.ledger.as_mut(), doc, |cx, doc| {
            Some(Arc::new(cx.ledger(doc)))
        })
    {
        site.ledger = ledger;
    }
    if let Some(m) = memo.ledger.as_mut() {
        m.end();
    }
    site.basemap = basemap;
    Some(site)
}

/// The id a file's name gives (`contacts/amina.yaml` → `amina`), when it is a valid id: files
/// are named after their id, so it is the one meant when the written id is invalid.
fn id_of_file_name(path: &str) -> Option<Id> {
    let stem = std::path::Path::new(path).file_stem()?.to_str()?;
    Id::parse(stem).ok()
}

/// The ids the site's files declare, valid or not: references are checked against these, so
/// that one broken file is reported once and not again at everything that points to it.
struct Declared {
    services: Ids,
    contacts: Ids,
    categories: Ids,
}

/// The ids of one kind of thing, and their names in every language: someone who writes a
/// service's or category's name where its id belongs is told the id.
#[derive(Default, Hash)]
pub(super) struct Ids {
    pub ids: BTreeSet<Id>,
    /// Names in lower case, each with the id of what it names.
    names: BTreeMap<String, Id>,
}

impl Ids {
    fn add(&mut self, id: Id, names: Vec<&str>) {
        for name in names {
            self.names.insert(name.trim().to_lowercase(), id.clone());
        }
        self.ids.insert(id);
    }

    pub fn from_ids(ids: BTreeSet<Id>) -> Self {
        Ids {
            ids,
            names: BTreeMap::new(),
        }
    }

    /// The id of what is named `name` (in any language, in any case).
    pub fn named(&self, name: &str) -> Option<&Id> {
        self.names.get(&name.trim().to_lowercase())
    }

    pub fn get(&self, id: &str) -> Option<&Id> {
        self.ids.get(id)
    }

    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Id> {
        self.ids.iter()
    }
}

struct Cx<'a> {
    icons: &'a [&'a str],
    card_glyphs: Option<&'a Glyphs>,
    unreadable: &'a [String],
    diags: &'a mut Diagnostics,
    languages: Vec<Lang>,
    source: Option<Lang>,
    region: phonenumber::country::Id,
    /// Places (file, byte) already warned about, so that a character is reported once.
    warned: HashSet<(String, usize)>,
    /// The town map, whose area every service's location should be in.
    basemap: &'a crate::map::Basemap,
}

/// Where a text is shown: on the site only, or also on the printed card, whose fonts may lack
/// characters a browser finds elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    OnSite,
    AlsoOnCard,
}

/// Ids already taken, to report duplicates at the second file: where each was written.
#[derive(Default)]
struct Seen<'a>(
    HashMap<
        &'a str,
        (
            &'a Arc<crate::diagnostics::SourceFile>,
            std::ops::Range<usize>,
        ),
    >,
);

impl<'a> Seen<'a> {
    fn first<T>(&mut self, cx: &mut Cx, doc: &'a Doc<T>, id: &'a S<String>, kind: &str) -> bool {
        match self.0.get(id.value.as_str()) {
            Some((file, span)) => {
                let other = Diagnostic::error("")
                    .at(file, span.clone())
                    .location()
                    .unwrap_or_default();
                cx.diags.push(
                    doc.error(id, format!("duplicate {kind} id `{}`", id.value))
                        .label("this id is already used")
                        .help(format!(
                            "`{other}` has the same id; every {kind} needs its own"
                        )),
                );
                false
            }
            None => {
                self.0.insert(&id.value, (&doc.file, doc.span(id)));
                true
            }
        }
    }
}

impl Cx<'_> {
    /// A context for checking one file on another thread, saying what it finds into `diags`:
    /// the same site, nothing warned about yet (warnings are remembered by file, and each
    /// thread checks files of its own).
    pub(super) fn fork<'b>(&'b self, diags: &'b mut Diagnostics) -> Cx<'b> {
        Cx {
            icons: self.icons,
            card_glyphs: self.card_glyphs,
            unreadable: self.unreadable,
            diags,
            languages: self.languages.clone(),
            source: self.source.clone(),
            region: self.region,
            warned: HashSet::new(),
            basemap: self.basemap,
        }
    }

    pub(super) fn source(&self) -> &Lang {
        self.source.as_ref().expect("set by config()")
    }
}
