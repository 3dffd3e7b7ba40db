//! Stage 1: read the site folder into raw documents, keeping every file for diagnostics.

mod document;
mod files;
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

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
pub use theme::{Theme, ThemeFile};

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
    pub ledger: Option<Doc<Option<RawLedger>>>,
}

pub const CONFIG_FILE: &str = "site.yaml";
pub const LEDGER_FILE: &str = "translations.yaml";

/// The folders whose files a load parses once and keeps while they are unchanged.
pub const CONTENT_DIRS: [&str; 4] = ["services", "contacts", "guides", "map"];

/// Files parsed by an earlier load, reused while they are unchanged on disk: the preview loads
/// the site after every save, and parsing thousands of unchanged files would dominate.
#[derive(Default)]
pub struct LoadCache {
    /// A file read as edited in memory instead of from disk.
    pub overlay: Option<Arc<Overlay>>,
    pub scope: Scope,
    /// The files known to have changed since the last load (from a file watcher): every other
    /// file parsed before is taken as it was without asking the file system. `None`: every
    /// file's stamp is compared, as after a change whose files are not known.
    pub changed: Option<std::collections::HashSet<PathBuf>>,
    services: DirCache<Doc<RawService>>,
    contacts: DirCache<Doc<RawContact>>,
    guides: DirCache<Doc<RawGuide>>,
    recordings: recordings::RecordingCache,
    maps: DirCache<Arc<SourceFile>>,
}

type DirCache<T> = HashMap<PathBuf, (Stamp, Arc<T>)>;

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
        diags.push(
            Diagnostic::error(format!("no {CONFIG_FILE} in `{}`", root.display())).help(
                "run wegwijs in the site folder, or name it: after the command \
                 (`wegwijs build <folder>`) or with `--site <folder>` (every command that reads a site \
                 takes it); or start a new site with `wegwijs init <folder>`",
            ),
        );
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
    // For this load only: the next one is told its own changes.
    let changed = cache.changed.take();
    let changed = changed.as_ref();

    site.services = load_dir(
        &dir,
        listing(root, "services"),
        &["yaml", "yml"],
        &mut diags,
        &mut site.unreadable,
        Reuse {
            cache: &mut cache.services,
            changed,
        },
        yaml_doc,
    );
    site.contacts = load_dir(
        &dir,
        listing(root, "contacts"),
        &["yaml", "yml"],
        &mut diags,
        &mut site.unreadable,
        Reuse {
            cache: &mut cache.contacts,
            changed,
        },
        yaml_doc,
    );
    if cache.scope == Scope::Everything {
        let guides = listing(root, "guides");
        // The recordings beside the guides, from the same listing.
        let audio = guides.as_ref().map(|l| recordings::among(&l.paths));
        site.guides = load_dir(
            &dir,
            guides,
            &["md"],
            &mut diags,
            &mut site.unreadable,
            Reuse {
                cache: &mut cache.guides,
                changed,
            },
            parse_guide,
        );
        site.recordings = recordings::load(&dir, audio, &mut cache.recordings, &mut diags);
    }
    let ledger_path = root.join(LEDGER_FILE);
    if ledger_path.is_file() {
        match dir.read_text(&ledger_path) {
            Ok(file) => {
                let ledger = yaml_doc(file);
                diags.extend_from(ledger.problems);
                site.ledger = ledger.data;
            }
            Err(d) => diags.push(d),
        }
    }
    let maps = load_dir(
        &dir,
        listing(root, "map"),
        &["geojson"],
        &mut diags,
        &mut site.unreadable,
        Reuse {
            cache: &mut cache.maps,
            changed,
        },
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

/// What a folder's load may take over from the last one: its parsed files, and (from a file
/// watcher) which files changed since.
struct Reuse<'a, T> {
    cache: &'a mut DirCache<T>,
    changed: Option<&'a std::collections::HashSet<PathBuf>>,
}

/// The files of a content folder, read once (the guides' folder serves the guides and their
/// recordings): `None` when there is no such folder.
struct Listing {
    /// The folder's name in the site folder: `guides`.
    dir: &'static str,
    paths: Vec<PathBuf>,
    /// The links among them: `load_dir` reads them again every time (an edit of a link's
    /// target is named by the target's path, not the link's) and refuses those that lead
    /// outside the site or nowhere.
    links: std::collections::HashSet<PathBuf>,
}

fn listing(root: &Path, dir: &'static str) -> Option<Listing> {
    let entries = std::fs::read_dir(root.join(dir)).ok()?;
    // The directory entry says whether it is a file without another system call per file.
    let mut links = std::collections::HashSet::new();
    let paths = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let t = e.file_type().ok()?;
            if t.is_symlink() {
                links.insert(e.path());
            }
            (t.is_file() || t.is_symlink()).then(|| e.path())
        })
        .collect();
    Some(Listing { dir, paths, links })
}

/// Parses every file with one of `exts` in `listing` (of `root/<listing.dir>`) in parallel, in
/// file-name order; a file unchanged since it went into `cache` is taken from there.
fn load_dir<T: Send + Sync>(
    site: &SiteDir,
    listing: Option<Listing>,
    exts: &[&str],
    diags: &mut Diagnostics,
    unreadable: &mut Vec<String>,
    reuse: Reuse<'_, T>,
    parse: impl Fn(Arc<SourceFile>) -> Parsed<T> + Sync,
) -> Vec<Arc<T>> {
    let Reuse { cache, changed } = reuse;
    let root = &site.root;
    let Some(Listing {
        dir,
        mut paths,
        links,
    }) = listing
    else {
        cache.clear();
        return Vec::new();
    };
    if let Some(o) = &site.overlay
        && o.path.rsplit_once('/').is_some_and(|(d, _)| d == dir)
    {
        let path = root.join(&o.path);
        paths.retain(|p| *p != path);
        if o.text.is_some() {
            paths.push(path);
        }
    }
    // Byte order is file-name order within one folder, and far quicker than comparing paths
    // component by component (a site can have tens of thousands of guide files).
    paths.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
    let old: &DirCache<T> = cache;
    type Read<'p, T> = (&'p PathBuf, Option<Stamp>, Parsed<Arc<T>>);
    let results: Vec<Read<T>> = paths
        .par_iter()
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            // Editors leave hidden swap and backup files next to the ones being edited.
            !name.starts_with('.') && !name.ends_with('~')
        })
        .filter_map(|p| {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            // Recordings beside the guides are found by `recordings::among` and read by
            // `recordings::load`.
            let recording = dir == "guides"
                && recordings::EXTENSIONS
                    .iter()
                    .any(|(e, _)| ext.eq_ignore_ascii_case(e));
            if recording {
                return None;
            }
            if !exts.contains(&ext) {
                return Some((
                    p,
                    None,
                    Parsed {
                        data: None,
                        problems: vec![Diagnostic::warning(format!(
                            "ignored `{}`: only .{} files are read in {dir}/",
                            site.shown(p),
                            exts.join(" and .")
                        ))],
                    },
                ));
            }
            let edited = site
                .overlay
                .as_ref()
                .is_some_and(|o| root.join(&o.path) == **p);
            if let Some(changed) = changed
                && !edited
                && !changed.contains(p.as_path())
                && !links.contains(p.as_path())
                && let Some((s, doc)) = old.get(p.as_path())
            {
                return Some((p, Some(*s), Parsed::ok(doc.clone())));
            }
            let stamp = Stamp::of(p).filter(|_| !edited);
            if let Some((s, doc)) = old.get(p).filter(|_| !edited)
                && Some(*s) == stamp
                && !s.recent()
            {
                return Some((p, stamp, Parsed::ok(doc.clone())));
            }
            let parsed = match site.read_text(p) {
                Ok(file) => parse(file),
                Err(d) => Parsed::failed(d),
            };
            Some((
                p,
                stamp,
                Parsed {
                    data: parsed.data.map(Arc::new),
                    problems: parsed.problems,
                },
            ))
        })
        .collect();
    let mut out = Vec::with_capacity(results.len());
    let mut fresh = DirCache::default();
    for (path, stamp, parsed) in results {
        match parsed.data {
            // Read after leaving out what `problems` names: checked further, never kept.
            Some(doc) if !parsed.problems.is_empty() => out.push(doc),
            Some(doc) => {
                if let Some(stamp) = stamp {
                    fresh.insert(path.clone(), (stamp, doc.clone()));
                }
                out.push(doc)
            }
            None => {
                let file = parsed.problems.iter().find_map(|d| d.file.as_ref());
                if let Some(f) = file {
                    let name = f.path.rsplit('/').next().unwrap_or(&f.path);
                    unreadable.push(name.split('.').next().unwrap_or(name).to_owned());
                }
            }
        }
        diags.extend_from(parsed.problems);
    }
    *cache = fresh;
    out
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

    /// The texts of `root/map`'s files as `load_dir` reads them with `cache` (and `changed`).
    fn load_maps(
        root: &Path,
        cache: &mut DirCache<Arc<SourceFile>>,
        changed: Option<&std::collections::HashSet<PathBuf>>,
    ) -> Vec<String> {
        let (mut diags, mut unreadable) = (Diagnostics::default(), Vec::new());
        let files = load_dir(
            &SiteDir::new(root),
            listing(root, "map"),
            &["geojson"],
            &mut diags,
            &mut unreadable,
            Reuse { cache, changed },
            Parsed::ok,
        );
        files.iter().map(|f| f.text.to_string()).collect()
    }

    #[test]
    fn the_cache_sees_a_same_length_edit_right_after_a_load() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("map")).unwrap();
        let file = root.join("map/town.geojson");
        std::fs::write(&file, "{\"a\": 1}").unwrap();
        let mut cache = DirCache::default();
        let load = |cache: &mut DirCache<Arc<SourceFile>>| load_maps(root, cache, None);
        assert_eq!(load(&mut cache), ["{\"a\": 1}"]);
        assert_eq!(cache.len(), 1);
        std::fs::write(&file, "{\"a\": 2}").unwrap();
        assert_eq!(load(&mut cache), ["{\"a\": 2}"]);
        std::fs::remove_file(&file).unwrap();
        assert!(load(&mut cache).is_empty());
        assert!(cache.is_empty(), "removed files leave the cache");
    }

    /// Told by a file watcher what changed, a load reads just those files again, and new
    /// files; the others are taken as parsed without asking the file system.
    #[test]
    fn a_load_told_what_changed_reads_only_that() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("map")).unwrap();
        let (a, b) = (root.join("map/a.geojson"), root.join("map/b.geojson"));
        std::fs::write(&a, "a1").unwrap();
        std::fs::write(&b, "b1").unwrap();
        let mut cache = DirCache::default();
        let load = |cache: &mut DirCache<Arc<SourceFile>>, changed: &[&PathBuf]| {
            let changed = changed.iter().map(|p| (*p).clone()).collect();
            load_maps(root, cache, Some(&changed))
        };
        assert_eq!(load(&mut cache, &[]), ["a1", "b1"]);
        std::fs::write(&a, "a2").unwrap();
        std::fs::write(&b, "b2").unwrap();
        assert_eq!(load(&mut cache, &[&a]), ["a2", "b1"], "only `a` was named");
        let c = root.join("map/c.geojson");
        std::fs::write(&c, "c1").unwrap();
        assert_eq!(load(&mut cache, &[&b]), ["a2", "b2", "c1"]);
        std::fs::remove_file(&a).unwrap();
        assert_eq!(load(&mut cache, &[]), ["b2", "c1"], "a file gone is gone");
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
