//! What is rendered and where it goes: the files of the finished site, the sink that takes each
//! one as it is made, the pages a site has, and the selection of them a preview renders again.

use std::collections::HashSet;

use super::urls;
use crate::diagnostics::Diagnostic;
use crate::model::*;

/// One file of the finished site.
#[derive(Debug)]
pub struct OutputFile {
    /// Relative to the output root, with `/`.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Where finished files go as they are made, from any thread: into memory (`check` and the
/// preview read them there) or into the new site folder (a build), so that a build never holds
/// its whole output.
pub trait Sink: Sync {
    /// Takes one file; `Err` says why it could not be kept (the disk is full).
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic>;
}

/// Keeps every file in memory.
#[derive(Default)]
pub struct Collect(std::sync::Mutex<Vec<OutputFile>>);

impl Collect {
    pub fn into_files(self) -> Vec<OutputFile> {
        self.0.into_inner().unwrap_or_else(|p| p.into_inner())
    }
}

impl Sink for Collect {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).push(file);
        Ok(())
    }
}

/// Which outputs to make again after a change (the preview): some pages and vCards, the cards
/// with the open data when services or contacts changed, and the sitemap when a guide's
/// languages or order changed. No selection is everything.
#[derive(Debug, Default)]
pub struct Selection {
    /// Pages by what they are about, in every language.
    pub pages: HashSet<PageKey>,
    /// The vCards of these contacts, in every language.
    pub vcards: HashSet<Id>,
    /// The pocket cards and the open data (what they show changed).
    pub cards: bool,
    /// The sitemap (which pages there are, or in which languages, changed).
    pub sitemap: bool,
}

impl Selection {
    /// Whether the guide `id`'s pages (and with them its files: the guide on paper, the
    /// recordings) are made again.
    pub fn has_guide(&self, id: &Id) -> bool {
        self.pages.contains(&PageKey::Guide(id.clone()))
    }
}

/// A page of the site independent of language.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PageKey {
    Home,
    Contacts,
    Services,
    Guides,
    Map,
    Search,
    Service(Id),
    Guide(Id),
}

impl PageKey {
    /// The pages that list many things: they change with almost any change to services,
    /// contacts or the guides' titles.
    pub const LISTINGS: [PageKey; 6] = [
        PageKey::Home,
        PageKey::Contacts,
        PageKey::Services,
        PageKey::Guides,
        PageKey::Map,
        PageKey::Search,
    ];
}

/// What one page is about.
#[derive(Clone, Copy)]
pub(super) enum Page<'a> {
    Home,
    Contacts,
    Services,
    Service(&'a Service),
    Guides,
    Guide(&'a Guide),
    Map,
    Search,
}

impl Page<'_> {
    pub(super) fn url(&self, lang: &Lang) -> String {
        match self {
            Page::Home => urls::home(lang),
            Page::Contacts => urls::contacts(lang),
            Page::Services => urls::services(lang),
            Page::Service(s) => urls::service(lang, &s.id),
            Page::Guides => urls::guides(lang),
            Page::Map => urls::map(lang),
            Page::Search => urls::search(lang),
            Page::Guide(g) => urls::guide(lang, &g.id),
        }
    }

    pub(super) fn key(&self) -> PageKey {
        match self {
            Page::Home => PageKey::Home,
            Page::Contacts => PageKey::Contacts,
            Page::Services => PageKey::Services,
            Page::Guides => PageKey::Guides,
            Page::Map => PageKey::Map,
            Page::Search => PageKey::Search,
            Page::Service(s) => PageKey::Service(s.id.clone()),
            Page::Guide(g) => PageKey::Guide(g.id.clone()),
        }
    }

    pub(super) fn template(&self) -> &'static str {
        match self {
            Page::Home => "home.html",
            Page::Contacts => "contacts.html",
            Page::Services => "services.html",
            Page::Service(_) => "service.html",
            Page::Guides => "guides.html",
            Page::Map => "map.html",
            Page::Search => "search.html",
            Page::Guide(_) => "guide.html",
        }
    }

    /// The languages this page really exists in, for `hreflang`: a guide only where it is
    /// translated, every other page in every language (its texts fall back field by field).
    pub(super) fn languages<'s>(&self, site: &'s Site) -> Vec<&'s LangInfo> {
        site.config
            .languages
            .iter()
            .filter(|l| match self {
                Page::Guide(g) => g.text.has(&l.code),
                _ => true,
            })
            .collect()
    }
}
