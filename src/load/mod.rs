//! Stage 1: read the site folder into raw documents, keeping every file for diagnostics.

mod document;
mod files;
mod folder;
mod icons;
pub mod raw;
pub mod recordings;
mod recover;
pub mod schema;
mod theme;
mod yaml_errors;
pub(crate) use document::offset_of;
pub use document::{Parsed, is_blank_yaml, parse_yaml};
pub use files::{
    DEFAULT_MAX_FILE_SIZE, FileKind, MAX_BINARY_FILE_SIZE, Overlay, SiteDir, human_size,
};
pub use icons::{Icon, IconError};
pub use theme::write_example_site;
pub use yaml_errors::missing_field;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use folder::{Changes, Folder};
pub use theme::{Theme, ThemeFile, has_builtin_locale};

use raw::{RawConfig, RawContact, RawGuideMeta, RawLedger, RawService};

/// A parsed YAML document and the file it came from.
#[derive(Debug)]
pub struct Doc<T> {
    pub file: Arc<SourceFile>,
    /// Where the YAML starts in the file (non-zero for a guide's front matter), so that
    /// positions inside the YAML can be turned into positions in the file.
    pub base: usize,
    pub data: T,
}

impl<T> Doc<T> {
    /// The byte range in the file of a value read with position.
    pub fn span<V>(&self, value: &raw::S<V>) -> Range<usize> {
        let span = value.referenced.span();
        let start = span.byte_offset().unwrap_or(0) as usize + self.base;
        start..start + span.byte_len().unwrap_or(0) as usize
    }

    pub fn error<V>(&self, value: &raw::S<V>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(message).at(&self.file, self.span(value))
    }
}

/// One language's file of a guide: `guides/<id>.<lang>.md`.
#[derive(Debug)]
pub struct RawGuide {
    pub id: String,
    pub lang: String,
    pub meta: RawGuideMeta,
    pub body: String,
    /// Where the body starts in the file, to locate problems found in the Markdown.
    pub body_offset: usize,
}

#[derive(Debug)]
pub struct RawSite {
    /// The folder the site was read from, with its file size limit: the theme reads from it too.
    pub dir: SiteDir,
    /// What was read: without the guides, `guides` is empty though the site may have some.
    pub scope: Scope,
    /// Names (without extension) of content files that could not be parsed: references to
    /// them are not reported again, the file's own error says what is wrong.
    pub unreadable: Vec<String>,
    pub config: Option<Doc<RawConfig>>,
    pub services: Vec<Arc<Doc<RawService>>>,
    pub contacts: Vec<Arc<Doc<RawContact>>>,
    pub guides: Vec<Arc<Doc<RawGuide>>>,
    /// The guides read aloud: `guides/<id>.<lang>.mp3` and the like.
    pub recordings: Vec<recordings::RawRecording>,
    pub basemap: crate::map::Basemap,
    /// `translations.yaml`, when the site has one; `None` inside when it holds only comments.
    pub ledger: Option<Arc<Doc<Option<RawLedger>>>>,
}

impl RawSite {
    /// The source language as site.yaml names it, when site.yaml could be read.
    pub fn source_language(&self) -> Option<&str> {
        self.config
            .as_ref()
            .map(|c| c.data.source_language.value.as_str())
    }
}

pub const CONFIG_FILE: &str = "site.yaml";
pub const LEDGER_FILE: &str = "translations.yaml";

/// The folders whose files a load parses once and keeps while they are unchanged.
pub const CONTENT_DIRS: [&str; 4] = ["services", "contacts", "guides", "map"];

/// Files parsed by an earlier load, reused while they are unchanged on disk: the preview loads
/// the site after every save, and parsing thousands of unchanged files would dominate.
pub struct LoadCache {
    /// A file read as edited in memory instead of from disk.
    pub overlay: Option<Arc<Overlay>>,
    pub scope: Scope,
    /// The files known to have changed since the last load (from a file watcher): every other
    /// file parsed before is taken as it was without asking the file system, and no file is
    /// taken to have come or gone unless named. `None`: every folder is listed again and every
    /// file's stamp compared, as after a change whose files are not known.
    pub changed: Option<std::collections::HashSet<PathBuf>>,
    services: Folder<Doc<RawService>>,
    contacts: Folder<Doc<RawContact>>,
    guides: Folder<Doc<RawGuide>>,
    recordings: recordings::RecordingCache,
    maps: Folder<Arc<SourceFile>>,
    /// translations.yaml as parsed without problems, with its stamp then: a town that
    /// records its translations has one of tens of thousands of lines.
    ledger: Option<(Stamp, Arc<Doc<Option<RawLedger>>>)>,
}

impl Default for LoadCache {
    fn default() -> LoadCache {
        LoadCache {
            overlay: None,
            scope: Scope::default(),
            changed: None,
            services: Folder::new("services"),
            contacts: Folder::new("contacts"),
            guides: Folder::new("guides"),
            recordings: Default::default(),
            maps: Folder::new("map"),
            ledger: None,
        }
    }
}

/// What of the site to read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scope {
    /// Every file: what the pages need.
    #[default]
    Everything,
    /// All but the guides, which no pocket card shows: printing a card takes the same time
    /// for a site of ten guides as for one of thousands.
    WithoutGuides,
}

/// When a file was last written and how long it is: a file with the same stamp is not read again.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(crate) struct Stamp {
    modified: SystemTime,
    len: u64,
}

impl Stamp {
    /// Written in the last two seconds. File times tick in steps of a few milliseconds, so a
    /// second save in the same tick with the same length would look unchanged: such files are
    /// read again (as git does with "racily clean" files).
    pub(crate) fn recent(&self) -> bool {
        self.modified
            .elapsed()
            .is_ok_and(|age| age < std::time::Duration::from_secs(2))
    }

    /// Whether the file at `path` still has this stamp, and it was not written so recently
    /// that a same-length save could hide in the same tick of the clock: then it need not be
    /// read again.
    pub(crate) fn still_at(&self, path: &Path) -> bool {
        !self.recent() && Stamp::of(path).as_ref() == Some(self)
    }

    pub(crate) fn of(path: &Path) -> Option<Stamp> {
        let m = std::fs::metadata(path).ok()?;
        Some(Stamp {
            modified: m.modified().ok()?,
            len: m.len(),
        })
    }
}

/// Reads every content file of the site at `root`. Problems are collected, not returned early:
/// a build reports all of them at once.
pub fn load_site(root: &Path) -> (RawSite, Diagnostics) {
    load_site_cached(root, &mut LoadCache::default())
}

/// The error for a folder that is not a site (it has no site.yaml), with how to name one.
pub fn not_a_site(root: &Path) -> Diagnostic {
    Diagnostic::error(format!("no {CONFIG_FILE} in `{}`", root.display())).help(
        "run wegwijs in the site folder, or name it: after the command \
         (`wegwijs build <folder>`) or with `--site <folder>` (every command that reads a site \
         takes it); or start a new site with `wegwijs init <folder>`",
    )
}

/// [`load_site`], parsing only the files that changed since `cache` was filled.
pub fn load_site_cached(root: &Path, cache: &mut LoadCache) -> (RawSite, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut dir = SiteDir::new(root);
    dir.overlay = cache.overlay.clone();
    let mut site = RawSite {
        dir,
        scope: cache.scope,
        unreadable: Vec::new(),
        config: None,
        services: Vec::new(),
        contacts: Vec::new(),
        guides: Vec::new(),
        recordings: Vec::new(),
        basemap: Default::default(),
        ledger: None,
    };

    let config_path = root.join(CONFIG_FILE);
    if !config_path.is_file() {
        diags.push(not_a_site(root));
        return (site, diags);
    }
    let config = match site.dir.read_text(&config_path) {
        Ok(file) => yaml_doc::<RawConfig>(file),
        Err(d) => Parsed::failed(d),
    };
    diags.extend_from(config.problems);
    if let Some(doc) = config.data {
        // Before any other file is read: the limit applies to them.
        if let Some(size) = &doc.data.max_file_size {
            match files::parse_size(&size.value) {
                Some(n) => site.dir.max_text = n,
                None => diags.push(
                    doc.error(size, format!("`{}` is not a file size", size.value))
                        .help("write a size such as `2 MB` or `500 KB`"),
                ),
            }
        }
        site.config = Some(doc);
    }
    let dir = site.dir.clone();
    // For this load only: the next one is told its own changes. An edit seen before it is
    // written (the browser editor's check) is a load of its own, told nothing.
    let changed = cache.changed.take();
    let changes = match &changed {
        Some(changed) if dir.overlay.is_none() => Changes::Only(changed),
        _ => Changes::Unknown,
    };
    let yaml = ["yaml", "yml"];
    let (diags_, unreadable) = (&mut diags, &mut site.unreadable);
    cache.services.list(&dir, changes);
    site.services = cache
        .services
        .load(&dir, changes, &yaml, diags_, unreadable, yaml_doc);
    cache.contacts.list(&dir, changes);
    site.contacts = cache
        .contacts
        .load(&dir, changes, &yaml, diags_, unreadable, yaml_doc);
    if cache.scope == Scope::Everything {
        // The recordings beside the guides, from the same listing.
        let audio = cache
            .guides
            .list(&dir, changes)
            .map(|l| recordings::among(&l.paths));
        site.guides = cache
            .guides
            .load(&dir, changes, &["md"], diags_, unreadable, parse_guide);
        site.recordings = recordings::load(&dir, audio, &mut cache.recordings, diags_);
    }
    site.ledger = read_ledger(&dir, changes, &mut cache.ledger, &mut diags);
    cache.maps.list(&dir, changes);
    let maps = cache.maps.load(
        &dir,
        changes,
        &["geojson"],
        &mut diags,
        &mut site.unreadable,
        Parsed::ok,
    );
    for file in maps {
        if let Err(e) = site.basemap.add_geojson(&file.text) {
            diags.push(
                Diagnostic::error(format!("map: {e}"))
                    .in_file(&file)
                    .help("see the README's section on the town map for the expected GeoJSON"),
            );
        }
    }
    if site.basemap.is_empty() {
        diags.push(
            Diagnostic::warning(
                "no town map: the card and the map page show only the services' markers",
            )
            .help("add a GeoJSON basemap of streets, water and green in map/ (see the README)"),
        );
    }
    (site, diags)
}

/// translations.yaml, when the site has one: taken as `kept` from the last load while it is
/// unchanged (by `changes`, or by its stamp), and kept when it parses without problems.
fn read_ledger(
    dir: &SiteDir,
    changes: Changes,
    kept: &mut Option<(Stamp, Arc<Doc<Option<RawLedger>>>)>,
    diags: &mut Diagnostics,
) -> Option<Arc<Doc<Option<RawLedger>>>> {
    let ledger_path = dir.root.join(LEDGER_FILE);
    // A link's target's edits are named by the target's path: a linked file is read again.
    let link = std::fs::symlink_metadata(&ledger_path).is_ok_and(|m| m.is_symlink());
    let unchanged = |stamp: &Stamp| match changes {
        Changes::Only(_) if link => false,
        Changes::Only(changed) => !changed.contains(&ledger_path),
        Changes::Unknown => dir.overlay.is_none() && stamp.still_at(&ledger_path),
    };
    match kept.take() {
        Some((stamp, doc)) if unchanged(&stamp) => {
            *kept = Some((stamp, doc.clone()));
            Some(doc)
        }
        _ if ledger_path.is_file() => {
            let stamp = Stamp::of(&ledger_path).filter(|_| dir.overlay.is_none());
            match dir.read_text(&ledger_path) {
                Ok(file) => {
                    let ledger = yaml_doc(file);
                    let doc = ledger.data.map(Arc::new);
                    if let (Some(stamp), Some(doc), true) =
                        (stamp, &doc, ledger.problems.is_empty())
                    {
                        *kept = Some((stamp, doc.clone()));
                    }
                    diags.extend_from(ledger.problems);
                    doc
                }
                Err(d) => {
                    diags.push(d);
                    None
                }
            }
        }
        _ => None,
    }
}

fn yaml_doc<T: DeserializeOwned>(file: Arc<SourceFile>) -> Parsed<Doc<T>> {
    let parsed = parse_yaml(&file, 0..file.text.len());
    Parsed {
        data: parsed.data.map(|data| Doc {
            file,
            base: 0,
            data,
        }),
        problems: parsed.problems,
    }
}

pub fn parse_guide(file: Arc<SourceFile>) -> Parsed<Doc<RawGuide>> {
    let name = file.path.rsplit('/').next().unwrap_or(&file.path);
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let Some((id, lang)) = stem.rsplit_once('.') else {
        return Parsed::failed(
            Diagnostic::error(format!(
                "guide file `{}` does not say its language",
                file.path
            ))
            .in_file(&file)
            .help(format!(
                "name it `{stem}.<language code>.md`, for example `{stem}.nl.md`"
            )),
        );
    };
    let Some((meta_range, body_start)) = split_front_matter(&file.text) else {
        return Parsed::failed(
            Diagnostic::error("a guide starts with front matter between two `---` lines")
                .at(&file, 0..0)
                .help("begin the file with `---`, then `title:` and `summary:`, then `---`"),
        );
    };
    let meta = parse_yaml(&file, meta_range.clone());
    Parsed {
        data: meta.data.map(|meta| Doc {
            base: meta_range.start,
            data: RawGuide {
                id: id.to_owned(),
                lang: lang.to_owned(),
                meta,
                body: file.text[body_start..].to_owned(),
                body_offset: body_start,
            },
            file: file.clone(),
        }),
        problems: meta.problems,
    }
}

/// The byte range of the YAML between the `---` fences and where the body starts.
pub fn split_front_matter(text: &str) -> Option<(Range<usize>, usize)> {
    let first = text.split_inclusive('\n').next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let start = first.len();
    let mut pos = start;
    for line in text[start..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some((start..pos, pos + line.len()));
        }
        pos += line.len();
    }
    None
}

#[cfg(test)]
mod tests {

    use super::*;

    fn file(text: &str) -> Arc<SourceFile> {
        Arc::new(SourceFile {
            path: "x.yaml".into(),
            text: text.into(),
        })
    }

    #[test]
    fn front_matter_is_split() {
        let t = "---\ntitle: a\n---\nBody\n";
        let (meta, body) = split_front_matter(t).unwrap();
        assert_eq!(&t[meta], "title: a\n");
        assert_eq!(&t[body..], "Body\n");
        assert!(split_front_matter("title: a\n").is_none());
        assert!(split_front_matter("---\ntitle: a\n").is_none());
    }

    #[test]
    fn translated_keys_carry_positions() {
        let f = file("id: x\nname:\n  nl: a\n  xx: b\n");
        let c: raw::RawCategory = parse_yaml(&f, 0..f.text.len()).first_problem().unwrap();
        let doc = Doc {
            file: f,
            base: 0,
            data: (),
        };
        assert_eq!(doc.span(&c.name.value.0[1].0), 22..24);
    }
}
