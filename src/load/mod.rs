//! Stage 1: read the site folder into raw documents, keeping every file for diagnostics.

mod files;
mod icons;
pub mod raw;
mod recover;
pub mod schema;
mod theme;
mod yaml_errors;
pub use files::{DEFAULT_MAX_FILE_SIZE, FileKind, MAX_BINARY_FILE_SIZE, SiteDir, human_size};
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
use yaml_errors::{first_tag, yaml_error};

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
    /// Names (without extension) of content files that could not be parsed: references to
    /// them are not reported again, the file's own error says what is wrong.
    pub unreadable: Vec<String>,
    pub config: Option<Doc<RawConfig>>,
    pub services: Vec<Arc<Doc<RawService>>>,
    pub contacts: Vec<Arc<Doc<RawContact>>>,
    pub guides: Vec<Arc<Doc<RawGuide>>>,
    pub basemap: crate::map::Basemap,
    /// `translations.yaml`, when the site has one; `None` inside when it holds only comments.
    pub ledger: Option<Doc<Option<RawLedger>>>,
}

pub const CONFIG_FILE: &str = "site.yaml";
pub const LEDGER_FILE: &str = "translations.yaml";

/// Files parsed by an earlier load, reused while they are unchanged on disk: the preview loads
/// the site after every save, and parsing thousands of unchanged files would dominate.
#[derive(Default)]
pub struct LoadCache {
    services: DirCache<Doc<RawService>>,
    contacts: DirCache<Doc<RawContact>>,
    guides: DirCache<Doc<RawGuide>>,
    maps: DirCache<Arc<SourceFile>>,
}

type DirCache<T> = HashMap<PathBuf, (Stamp, Arc<T>)>;

/// When a file was last written and how long it is: a file with the same stamp is not read again.
#[derive(Clone, Copy, PartialEq)]
struct Stamp {
    modified: SystemTime,
    len: u64,
}

impl Stamp {
    /// Written in the last two seconds. File times tick in steps of a few milliseconds, so a
    /// second save in the same tick with the same length would look unchanged: such files are
    /// read again (as git does with "racily clean" files).
    fn recent(&self) -> bool {
        self.modified
            .elapsed()
            .is_ok_and(|age| age < std::time::Duration::from_secs(2))
    }

    fn of(path: &Path) -> Option<Stamp> {
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
    let mut site = RawSite {
        dir: SiteDir::new(root),
        unreadable: Vec::new(),
        config: None,
        services: Vec::new(),
        contacts: Vec::new(),
        guides: Vec::new(),
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

    site.services = load_dir(
        &dir,
        "services",
        &["yaml", "yml"],
        &mut diags,
        &mut site.unreadable,
        &mut cache.services,
        yaml_doc,
    );
    site.contacts = load_dir(
        &dir,
        "contacts",
        &["yaml", "yml"],
        &mut diags,
        &mut site.unreadable,
        &mut cache.contacts,
        yaml_doc,
    );
    site.guides = load_dir(
        &dir,
        "guides",
        &["md"],
        &mut diags,
        &mut site.unreadable,
        &mut cache.guides,
        parse_guide,
    );
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
        "map",
        &["geojson"],
        &mut diags,
        &mut site.unreadable,
        &mut cache.maps,
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

/// Parses every file with one of `exts` in `root/dir` in parallel, in file-name order; a file
/// unchanged since it went into `cache` is taken from there.
fn load_dir<T: Send + Sync>(
    site: &SiteDir,
    dir: &str,
    exts: &[&str],
    diags: &mut Diagnostics,
    unreadable: &mut Vec<String>,
    cache: &mut DirCache<T>,
    parse: impl Fn(Arc<SourceFile>) -> Parsed<T> + Sync,
) -> Vec<Arc<T>> {
    let root = &site.root;
    let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
        cache.clear();
        return Vec::new();
    };
    // The directory entry says whether it is a file without another system call per file.
    // Links are read (and refused when they lead outside the site or nowhere).
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file() || t.is_symlink()))
        .map(|e| e.path())
        .collect();
    paths.sort();
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
            let stamp = Stamp::of(p);
            if let Some((s, doc)) = old.get(p)
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

/// What reading a document gave: its data when it could be read, perhaps only after leaving
/// out fields that `problems` names, and every problem found.
#[derive(Debug)]
pub struct Parsed<T> {
    pub data: Option<T>,
    pub problems: Vec<Diagnostic>,
}

impl<T> Parsed<T> {
    fn failed(problem: Diagnostic) -> Self {
        Parsed {
            data: None,
            problems: vec![problem],
        }
    }

    fn ok(data: T) -> Self {
        Parsed {
            data: Some(data),
            problems: Vec::new(),
        }
    }

    /// The data of a document without problems, else its first problem.
    pub fn first_problem(self) -> Result<T, Diagnostic> {
        match (self.data, self.problems.into_iter().next()) {
            (_, Some(problem)) => Err(problem),
            (Some(data), None) => Ok(data),
            // Not made by `parse_yaml`, which says why whenever it gives no data.
            (None, None) => Err(Diagnostic::error("the document could not be read")
                .help("check the lines of the file: the indentation, the colons and the quotes")),
        }
    }
}

/// The most problems reported for one document: beyond that, the file is best looked at whole.
const MAX_PROBLEMS_PER_DOCUMENT: usize = 20;

/// Parses `range` of `file` as YAML 1.2 into `T`, refusing unknown and duplicate keys and
/// tags. After a mistake in one field it reads on without that field (`recover.rs`), so that
/// every problem of the document is reported at once.
pub fn parse_yaml<T: DeserializeOwned>(file: &Arc<SourceFile>, range: Range<usize>) -> Parsed<T> {
    use recover::Step;
    let base = range.start;
    let mut text = file.text[range].to_owned();
    if is_blank_yaml(&text) {
        let what = if base == 0 {
            "the file"
        } else {
            "the front matter"
        };
        return Parsed::failed(
            Diagnostic::error(format!("{what} is empty"))
                .at(file, base..base)
                .help("write the fields the README's reference lists for this kind of file; the example site has one of each"),
        );
    }
    let mut problems = Vec::new();
    // The fields left out so far, by key position: when the parser then misses one of them,
    // the group it stands in is left out instead.
    let mut left_out: Vec<(String, usize)> = Vec::new();
    let mut options = serde_saphyr::Options::default();
    options.with_snippet = false;
    while problems.len() < MAX_PROBLEMS_PER_DOCUMENT {
        // Tags are cheap to rule out: a file without `!` has none.
        let tagged = text
            .contains('!')
            .then(|| first_tag(file, base, &text))
            .flatten();
        let (problem, step) = match tagged {
            Some(d) => {
                let at = d.span.clone().unwrap_or(base..base);
                (Some(d), Step::Bytes(at.start - base..at.end - base))
            }
            None => match serde_saphyr::from_str_with_options(&text, options.clone()) {
                Ok(data) => {
                    return Parsed {
                        data: Some(data),
                        problems,
                    };
                }
                Err(e) => {
                    let d = yaml_error(file, base, &e);
                    let at = e.location().filter(|l| l.line() > 0).map(|l| {
                        l.span()
                            .byte_offset()
                            .map(|o| o as usize)
                            .unwrap_or_else(|| offset_of(&text, l.line(), l.column()))
                    });
                    let message = yaml_errors::message_of(&e);
                    let missed = message
                        .strip_prefix("missing field `")
                        .and_then(|m| m.split('`').next())
                        .and_then(|k| left_out.iter().rev().find(|(key, _)| key == k));
                    match (missed, at) {
                        // A consequence of leaving a field out, not a problem of its own.
                        (Some((_, key_at)), _) => match recover::parent_key(&text, *key_at) {
                            Some(parent) => (None, Step::Field(parent)),
                            None => break,
                        },
                        (None, Some(at)) => {
                            let step = if message.starts_with("unknown field")
                                || message.starts_with("duplicate mapping key")
                            {
                                Step::Field(at)
                            } else if yaml_errors::is_tab_message(&message) {
                                Step::Tabs(at)
                            } else if yaml_errors::is_value_message(&message) {
                                Step::FieldOf(at)
                            } else {
                                problems.push(d);
                                break;
                            };
                            (Some(d), step)
                        }
                        (None, None) => {
                            problems.push(d);
                            break;
                        }
                    }
                }
            },
        };
        problems.extend(problem);
        match recover::apply(&mut text, step) {
            Some(key) => left_out.extend(key),
            None => break,
        }
    }
    Parsed {
        data: None,
        problems,
    }
}

/// Whether `text` holds nothing but blank lines and comments.
fn is_blank_yaml(text: &str) -> bool {
    text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#') || l == "---" || l == "..."
    })
}

/// Byte offset of a 1-based line and column (in characters).
pub(crate) fn offset_of(text: &str, line: u64, column: u64) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1) as usize)
        .map(str::len)
        .sum();
    let rest = &text[line_start.min(text.len())..];
    line_start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1) as usize)
            .map_or(rest.len(), |(i, _)| i)
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
fn split_front_matter(text: &str) -> Option<(Range<usize>, usize)> {
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
    fn the_cache_sees_a_same_length_edit_right_after_a_load() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("map")).unwrap();
        let file = root.join("map/town.geojson");
        std::fs::write(&file, "{\"a\": 1}").unwrap();
        let mut cache = DirCache::default();
        let load = |cache: &mut DirCache<Arc<SourceFile>>| -> Vec<String> {
            let (mut diags, mut unreadable) = (Diagnostics::default(), Vec::new());
            let files = load_dir(
                &SiteDir::new(root),
                "map",
                &["geojson"],
                &mut diags,
                &mut unreadable,
                cache,
                Parsed::ok,
            );
            files.iter().map(|f| f.text.to_string()).collect()
        };
        assert_eq!(load(&mut cache), ["{\"a\": 1}"]);
        assert_eq!(cache.len(), 1);
        std::fs::write(&file, "{\"a\": 2}").unwrap();
        assert_eq!(load(&mut cache), ["{\"a\": 2}"]);
        std::fs::remove_file(&file).unwrap();
        assert!(load(&mut cache).is_empty());
        assert!(cache.is_empty(), "removed files leave the cache");
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
    fn tabs_and_twice_written_fields_are_pointed_at() {
        let f = file("id: x\nname:\n\tnl: a\n");
        let e = parse_yaml::<raw::RawCategory>(&f, 0..f.text.len())
            .first_problem()
            .unwrap_err();
        assert_eq!(e.line_col(), Some((3, 1)), "{}", e.message);
        assert!(e.message.contains("tab"), "{}", e.message);
        let f = file("id: x\nname: {nl: a}\nicon: health\nid: y\n");
        let e = parse_yaml::<raw::RawCategory>(&f, 0..f.text.len())
            .first_problem()
            .unwrap_err();
        assert_eq!(e.line_col(), Some((4, 1)), "{}", e.message);
        assert_eq!(e.message, "`id` is written twice");
        assert!(e.help.unwrap().contains("on line 1"));
    }

    #[test]
    fn every_problem_of_a_document_is_reported_at_once() {
        let f = file(
            "id: x\nadress: a\nname:\n  nl: a\nwebsite: [a, b]\nopening_hours:\n  do: [9:00-12:00]\n  thu: 18:30-20:30\n  note:\n    nl: a\n\ten: b\ncategory: c\ndescription: {nl: d}\n",
        );
        let parsed = parse_yaml::<raw::RawService>(&f, 0..f.text.len());
        let found: Vec<_> = parsed
            .problems
            .iter()
            .map(|d| (d.line_col().unwrap().0, d.message.as_str()))
            .collect();
        assert_eq!(found.len(), 5, "{found:#?}");
        assert_eq!(
            found.iter().map(|(l, _)| *l).collect::<Vec<_>>(),
            [2, 5, 7, 8, 11]
        );
        assert!(
            parsed.data.is_some(),
            "read on without the fields: {found:#?}"
        );
    }

    #[test]
    fn a_required_field_left_out_takes_its_group_along() {
        // `lat` cannot be read and cannot be left out: `location` goes, which may be left out.
        let f = file("id: x\nlocation:\n  lat: north\n  lon: 5\nbogus: 1\n");
        let parsed = parse_yaml::<raw::RawService>(&f, 0..f.text.len());
        let found: Vec<_> = parsed.problems.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[1].contains("`bogus`"), "{found:#?}");
        assert!(found[2].starts_with("missing field `name`"), "{found:#?}");
    }

    #[test]
    fn reading_on_never_panics_on_mangled_lines() {
        // Every line of two example files, mangled in ways people mangle YAML: each parse
        // ends in data or problems, never a panic, and always says why it has no data.
        let files = [
            include_str!("../../content/services/health-centre.yaml"),
            include_str!("../../content/contacts/amira-haddad.yaml"),
        ];
        let mangles: [fn(&str) -> String; 6] = [
            |l| format!("\t{l}"),
            |l| l.replacen(':', "", 1),
            |l| l.replacen(": ", ": [", 1),
            |l| l.replacen(": ", ":\n  - ", 1),
            |l| format!("{l}: x"),
            |l| l.replace(' ', "\u{a0}"),
        ];
        for text in files {
            let lines: Vec<&str> = text.lines().collect();
            for i in 0..lines.len() {
                for mangle in mangles {
                    let mut changed = lines.clone();
                    let new = mangle(lines[i]);
                    changed[i] = &new;
                    let f = file(&changed.join("\n"));
                    let (data, problems) = if text.contains("helps_with") {
                        let p = parse_yaml::<raw::RawContact>(&f, 0..f.text.len());
                        (p.data.is_some(), p.problems.len())
                    } else {
                        let p = parse_yaml::<raw::RawService>(&f, 0..f.text.len());
                        (p.data.is_some(), p.problems.len())
                    };
                    assert!(data || problems > 0, "{}", f.text);
                }
            }
        }
    }

    #[test]
    fn messages_speak_no_parser_jargon() {
        let meta = [
            "title: a\nsummary: b: c\n",
            "title: a\n summary: b\n",
            "title: \"a\nsummary: b\n",
            "title: a\nsummary: [b\n",
            "title: a\nsummary: {b\n",
            "title: a\nsummary: @b\n",
            "title: a\nsummary: *b\n",
            "title: a\n- b\n",
            "title: a\nsummary: b\norder: first\n",
            "title: a\nsummary: b\norder: 99999999999\n",
            "title: [a]\nsummary: b\n",
            "title: a\nsummary: b\nservices: x\n",
        ];
        let jargon = [
            "scalar", "mapping", "sequence", "flow", "token", "i32", "f64", "parsing", "scanning",
            "node", "anchor", "alias",
        ];
        for text in meta {
            let f = file(text);
            let parsed = parse_yaml::<raw::RawGuideMeta>(&f, 0..f.text.len());
            assert!(!parsed.problems.is_empty(), "{text:?}");
            for d in parsed.problems {
                let said = format!("{} {}", d.message, d.help.unwrap_or_default());
                assert!(!jargon.iter().any(|j| said.contains(j)), "{text:?}: {said}");
            }
        }
        let f = file(
            "id: x\nname: a\nrole: {nl: a}\nservice: s\nhelps_with: {nl: [a]}\nwhatsapp: maybe\n",
        );
        let d = parse_yaml::<raw::RawContact>(&f, 0..f.text.len())
            .first_problem()
            .unwrap_err();
        assert_eq!(d.message, "yes or no is needed here");
    }

    #[test]
    fn yaml_errors_are_located() {
        let f = file("id: x\nname:\n  nl: a\nbogus: 1\n");
        let e = parse_yaml::<raw::RawCategory>(&f, 0..f.text.len())
            .first_problem()
            .unwrap_err();
        assert_eq!(e.line_col(), Some((4, 1)));
        assert!(e.message.contains("unknown field `bogus`"), "{}", e.message);
    }

    #[test]
    fn yaml_1_2_keeps_no_and_nl_as_strings() {
        let f = file("id: no\nname:\n  nl: NL\n  en: on\n");
        let c: raw::RawCategory = parse_yaml(&f, 0..f.text.len()).first_problem().unwrap();
        assert_eq!(c.id.value, "no");
        let names: Vec<_> = c
            .name
            .value
            .0
            .iter()
            .map(|(k, v)| (k.value.as_str(), v.as_str()))
            .collect();
        assert_eq!(names, [("nl", "NL"), ("en", "on")]);
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
