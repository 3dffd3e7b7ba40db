//! A content folder (`services/`, `contacts/`, `guides/`, `map/`): listed, its files parsed in
//! parallel, and what the last load listed and parsed kept for the next. The preview loads a
//! site of tens of thousands of files after every save, so a load told by the file watcher
//! which files changed neither lists the folder again nor asks the file system about the
//! files parsed without problems: its cost is the change's (and the few files with problems,
//! links and recordings, which every load reads or compares again), not the site's.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::files::SiteDir;
use super::{Parsed, Stamp, recordings};
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};

/// What the last load left of one content folder.
pub(crate) struct Folder<T> {
    /// The folder's name in the site folder: `guides`.
    pub(super) dir: &'static str,
    /// What the last listing found.
    listed: Listed,
    /// The files parsed without problems, in file-name order, each with its stamp then.
    parsed: Vec<Kept<T>>,
    /// The other files the listing holds (but hidden ones and recordings), in file-name order:
    /// files with problems, which are read and reported again at every load, and files of
    /// another kind, which are warned about again.
    again: Vec<PathBuf>,
    /// Whether `parsed` and `again` hold every file of the listing as it stands (not so after
    /// the folder was listed afresh): then a load told what changed reads just that.
    current: bool,
}

/// A folder's listing, as last made.
enum Listed {
    /// Not listed yet.
    Never,
    /// There was no such folder.
    Absent,
    Files(Listing),
}

/// The files of a content folder (the guides' folder serves the guides and their recordings).
pub(crate) struct Listing {
    /// In file-name order (byte order of the path, which is file-name order within one folder
    /// and far quicker than comparing paths component by component).
    pub paths: Vec<PathBuf>,
    /// The links among them: read again at every load (an edit of a link's target is named by
    /// the target's path, not the link's), and refused when they lead outside the site or
    /// nowhere.
    links: HashSet<PathBuf>,
}

/// Which files of a folder changed since the last load, as far as the load knows.
#[derive(Clone, Copy)]
pub(crate) enum Changes<'a> {
    /// Unknown: the folder is listed and every file's stamp compared.
    Unknown,
    /// Exactly these files (from a file watcher): every other file is as it was, and no other
    /// file came or went.
    Only(&'a HashSet<PathBuf>),
}

impl<T: Send + Sync> Folder<T> {
    pub(crate) fn new(dir: &'static str) -> Folder<T> {
        Folder {
            dir,
            listed: Listed::Never,
            parsed: Vec::new(),
            again: Vec::new(),
            current: false,
        }
    }

    /// Lists the folder again, or (told what changed) brings the last listing up to date with
    /// just the changed files: `None` when there is no such folder.
    pub(crate) fn list(&mut self, site: &SiteDir, changes: Changes) -> Option<&Listing> {
        let folder = site.root.join(self.dir);
        let listed = std::mem::replace(&mut self.listed, Listed::Never);
        self.listed = match (changes, listed) {
            // A folder that came or went is named itself: such a change is never `Only`.
            // A new name that differs from a listed one only in case may be that file renamed,
            // on a file system that ignores case: such a folder is listed again.
            (Changes::Only(changed), Listed::Files(mut listing))
                if !changed
                    .iter()
                    .filter(|p| p.parent() == Some(&folder))
                    .any(|p| listing.same_but_for_case(p)) =>
            {
                for path in changed.iter().filter(|p| p.parent() == Some(&folder)) {
                    listing.update(path);
                }
                Listed::Files(listing)
            }
            (Changes::Only(_), Listed::Absent) => Listed::Absent,
            _ => {
                self.current = false;
                listing(&folder).map_or(Listed::Absent, Listed::Files)
            }
        };
        match &self.listed {
            Listed::Files(listing) => Some(listing),
            Listed::Absent | Listed::Never => None,
        }
    }

    /// Parses every file with one of `exts` in the folder as [`Folder::list`] left it, in
    /// parallel, in file-name order; a file unchanged since the last load is taken from
    /// there. A file that could not be read is reported in `diags`, and its name (without
    /// extension) added to `unreadable`.
    pub(crate) fn load(
        &mut self,
        site: &SiteDir,
        changes: Changes,
        exts: &[&str],
        diags: &mut Diagnostics,
        unreadable: &mut Vec<String>,
        parse: impl Fn(Arc<SourceFile>) -> Parsed<T> + Sync,
    ) -> Vec<Arc<T>> {
        let read = Read {
            site,
            exts,
            dir: self.dir,
            parse: &parse,
        };
        let files = match changes {
            // The browser editor's check sees one file as it would be after an edit: a load
            // of its own, which trusts nothing.
            Changes::Only(changed) if site.overlay.is_none() && self.current => {
                self.read_changed(changed, &read)
            }
            // Listed afresh, or seen with an edit: every file's stamp is compared.
            _ => self.read_all(&read),
        };
        // An edit seen before it is written leaves nothing the next load can trust.
        self.current = site.overlay.is_none();
        self.parsed.clear();
        self.again.clear();
        let mut out = Vec::with_capacity(files.len());
        for file in files {
            match file {
                File::Kept(kept) => {
                    out.push(kept.2.clone());
                    self.parsed.push(kept);
                }
                File::Again(path, parsed) => {
                    match parsed.data {
                        // Read after leaving out what `problems` names: checked further.
                        Some(doc) => out.push(doc),
                        None => {
                            let file = parsed.problems.iter().find_map(|d| d.file.as_ref());
                            if let Some(f) = file {
                                let name = f.path.rsplit('/').next().unwrap_or(&f.path);
                                let id = name.split('.').next().unwrap_or(name);
                                unreadable.push(id.to_owned());
                            }
                        }
                    }
                    diags.extend_from(parsed.problems);
                    self.again.push(path);
                }
            }
        }
        out
    }

    /// Every file of the listing, in file-name order: taken from the last load unless its
    /// stamp differs.
    fn read_all(&mut self, read: &Read<T>) -> Vec<File<T>> {
        let Listed::Files(listing) = &self.listed else {
            return Vec::new();
        };
        let site = read.site;
        let edited = site.overlay.as_ref().map(|o| site.root.join(&o.path));
        let mut paths: Vec<&Path> = listing.paths.iter().map(PathBuf::as_path).collect();
        if let (Some(o), Some(path)) = (&site.overlay, &edited)
            && o.path.rsplit_once('/').is_some_and(|(d, _)| d == self.dir)
        {
            paths.retain(|p| p != path);
            if o.text.is_some() {
                paths.push(path);
                paths.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
            }
        }
        // Each file with what the last load parsed of it: both lists are in file-name order.
        let mut old = std::mem::take(&mut self.parsed).into_iter().peekable();
        let pairs: Vec<(&Path, Option<Kept<T>>)> = paths
            .into_iter()
            .filter(|p| !read.skipped(p))
            .map(|p| {
                while old
                    .next_if(|(o, ..)| o.as_os_str() < p.as_os_str())
                    .is_some()
                {}
                (p, old.next_if(|(o, ..)| o.as_os_str() == p.as_os_str()))
            })
            .collect();
        pairs
            .into_par_iter()
            .map(|(p, old)| {
                let is_edited = edited.as_deref() == Some(p);
                if let Some((path, stamp, doc)) = old
                    && !is_edited
                    && stamp.still_at(p)
                {
                    return File::Kept((path, stamp, doc));
                }
                read.file(p, is_edited)
            })
            .collect()
    }

    /// Told exactly which files changed: the last load's files, with these read again, and
    /// the files read at every load; nothing else is asked of the file system.
    fn read_changed(&mut self, changed: &HashSet<PathBuf>, read: &Read<T>) -> Vec<File<T>> {
        let Listed::Files(listing) = &self.listed else {
            return Vec::new();
        };
        let folder = read.site.root.join(self.dir);
        // The files read at every load, the changed files, and the links (an edit of a
        // link's target is named by the target's path): those still listed.
        let mut now: Vec<PathBuf> = std::mem::take(&mut self.again);
        now.extend(
            changed
                .iter()
                .filter(|p| p.parent() == Some(&folder))
                .chain(&listing.links)
                .filter(|p| !read.skipped(p))
                .cloned(),
        );
        now.retain(|p| listing.position(p).is_ok());
        now.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
        now.dedup();
        let mut kept = std::mem::take(&mut self.parsed);
        // Gone or read again: not kept as they were.
        for p in changed.iter().chain(&listing.links) {
            if let Ok(i) = kept.binary_search_by(|(k, ..)| k.as_os_str().cmp(p.as_os_str())) {
                kept.remove(i);
            }
        }
        let fresh: Vec<File<T>> = now.par_iter().map(|p| read.file(p, false)).collect();
        // Both in file-name order: merged.
        let mut files = Vec::with_capacity(kept.len() + fresh.len());
        let mut fresh = fresh.into_iter().peekable();
        for k in kept {
            while let Some(f) = fresh.next_if(|f| f.path().as_os_str() < k.0.as_os_str()) {
                files.push(f);
            }
            files.push(File::Kept(k));
        }
        files.extend(fresh);
        files
    }
}

/// A file as parsed, with its stamp then.
type Kept<T> = (PathBuf, Stamp, Arc<T>);

/// One file of a load.
enum File<T> {
    /// Parsed without problems, now or by an earlier load: kept for the next load.
    Kept(Kept<T>),
    /// Read with problems, or not of the folder's kind (a warning): read again at every load.
    Again(PathBuf, Parsed<Arc<T>>),
}

impl<T> File<T> {
    fn path(&self) -> &Path {
        match self {
            File::Kept((path, ..)) | File::Again(path, _) => path,
        }
    }
}

/// How a load reads the files of a folder.
struct Read<'a, T> {
    site: &'a SiteDir,
    /// The extensions of the folder's kind of file: `md`.
    exts: &'a [&'a str],
    dir: &'static str,
    parse: &'a (dyn Fn(Arc<SourceFile>) -> Parsed<T> + Sync),
}

impl<T> Read<'_, T> {
    /// Whether the file at `path` is none of the load's business: editors leave hidden swap
    /// and backup files next to the ones being edited, and the recordings beside the guides
    /// are found by `recordings::among` and read by `recordings::load`.
    fn skipped(&self, path: &Path) -> bool {
        let name = file_name(path);
        name.starts_with('.')
            || name.ends_with('~')
            || (self.dir == "guides" && recordings::is_recording(name))
    }

    /// Reads and parses the file at `path`, as the browser editor's check has it when
    /// `edited` (then it is never kept: the file on disk is another).
    fn file(&self, path: &Path, edited: bool) -> File<T> {
        let name = file_name(path);
        let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
        if !self.exts.contains(&ext) {
            let warning = Diagnostic::warning(format!(
                "ignored `{}`: only .{} files are read in {}/",
                self.site.shown(path),
                self.exts.join(" and ."),
                self.dir,
            ));
            return File::Again(path.to_path_buf(), Parsed::failed(warning));
        }
        let stamp = Stamp::of(path).filter(|_| !edited);
        let parsed = match self.site.read_text(path) {
            Ok(file) => (self.parse)(file),
            Err(d) => Parsed::failed(d),
        };
        match (parsed.data, stamp) {
            (Some(doc), Some(stamp)) if parsed.problems.is_empty() => {
                File::Kept((path.to_path_buf(), stamp, Arc::new(doc)))
            }
            (data, _) => File::Again(
                path.to_path_buf(),
                Parsed {
                    data: data.map(Arc::new),
                    problems: parsed.problems,
                },
            ),
        }
    }
}

impl Listing {
    /// Where `path` is in the listing, or would be.
    fn position(&self, path: &Path) -> Result<usize, usize> {
        self.paths
            .binary_search_by(|p| p.as_os_str().cmp(path.as_os_str()))
    }

    /// Whether `path` is not listed but a listed path differs from it only in case.
    fn same_but_for_case(&self, path: &Path) -> bool {
        let bytes = path.as_os_str().as_encoded_bytes();
        self.position(path).is_err()
            && self
                .paths
                .iter()
                .any(|p| p.as_os_str().as_encoded_bytes().eq_ignore_ascii_case(bytes))
    }

    /// Brings the listing up to date with a change to `path`, a file in the listed folder.
    fn update(&mut self, path: &Path) {
        let at = self.position(path);
        let kind = std::fs::symlink_metadata(path).ok().map(|m| m.file_type());
        let link = kind.is_some_and(|t| t.is_symlink());
        match (at, kind) {
            (Err(i), Some(t)) if t.is_file() || link => self.paths.insert(i, path.to_path_buf()),
            (Ok(i), None) => drop(self.paths.remove(i)),
            (Ok(i), Some(t)) if !t.is_file() && !link => drop(self.paths.remove(i)),
            _ => {}
        }
        if link {
            self.links.insert(path.to_path_buf());
        } else {
            self.links.remove(path);
        }
    }
}

/// The files (and links) in `folder`, in file-name order; `None` when there is no such folder.
fn listing(folder: &Path) -> Option<Listing> {
    let entries = std::fs::read_dir(folder).ok()?;
    // The directory entry says whether it is a file without another system call per file.
    let mut links = HashSet::new();
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let t = e.file_type().ok()?;
            if t.is_symlink() {
                links.insert(e.path());
            }
            (t.is_file() || t.is_symlink()).then(|| e.path())
        })
        .collect();
    paths.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
    Some(Listing { paths, links })
}

/// The file name of `path`, `""` when it is not UTF-8 (no such file is read). Of a path from a
/// listing, which ends in a name: quicker than `Path::file_name`, which parses components.
fn file_name(path: &Path) -> &str {
    let bytes = path.as_os_str().as_encoded_bytes();
    let start = bytes
        .iter()
        .rposition(|b| std::path::is_separator(char::from(*b)))
        .map_or(0, |i| i + 1);
    std::str::from_utf8(&bytes[start..]).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The texts of `root/map`'s files as a load reads them with `folder` (and `changed`).
    fn load_maps(
        root: &Path,
        folder: &mut Folder<Arc<SourceFile>>,
        changed: Option<&HashSet<PathBuf>>,
    ) -> Vec<String> {
        load_maps_said(root, folder, changed).0
    }

    /// [`load_maps`], and what the load said.
    fn load_maps_said(
        root: &Path,
        folder: &mut Folder<Arc<SourceFile>>,
        changed: Option<&HashSet<PathBuf>>,
    ) -> (Vec<String>, Vec<String>) {
        let (mut diags, mut unreadable) = (Diagnostics::default(), Vec::new());
        let site = SiteDir::new(root);
        let changes = changed.map_or(Changes::Unknown, Changes::Only);
        folder.list(&site, changes);
        let files = folder.load(
            &site,
            changes,
            &["geojson"],
            &mut diags,
            &mut unreadable,
            Parsed::ok,
        );
        let said = diags.iter().map(|d| d.message.clone()).collect();
        (files.iter().map(|f| f.text.to_string()).collect(), said)
    }

    /// A site folder with an empty `map/`, removed when dropped.
    fn site_with_map_folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("map")).unwrap();
        dir
    }

    /// Told what changed, a load still says what every load says: a file that cannot be read
    /// and a file of another kind are reported again, and a named file that now cannot be
    /// read is reported, until it is mended.
    #[test]
    fn a_load_told_what_changed_says_again_what_every_load_says() {
        let dir = site_with_map_folder();
        let root = dir.path();
        let (a, b) = (root.join("map/a.geojson"), root.join("map/b.geojson"));
        std::fs::write(&a, "a1").unwrap();
        std::fs::write(&b, [0xff, 0xfe]).unwrap();
        std::fs::write(root.join("map/notes.txt"), "x").unwrap();
        let mut folder = Folder::new("map");
        let nothing = HashSet::new();
        let first = load_maps_said(root, &mut folder, None);
        assert_eq!(first.0, ["a1"]);
        assert_eq!(first.1.len(), 2, "{:?}", first.1);
        assert_eq!(load_maps_said(root, &mut folder, Some(&nothing)), first);
        std::fs::write(&a, [0xff]).unwrap();
        let named: HashSet<PathBuf> = [a.clone()].into_iter().collect();
        let broken = load_maps_said(root, &mut folder, Some(&named));
        assert!(broken.0.is_empty());
        assert_eq!(broken.1.len(), 3, "{:?}", broken.1);
        assert_eq!(load_maps_said(root, &mut folder, Some(&nothing)), broken);
        std::fs::write(&a, "a2").unwrap();
        std::fs::write(&b, "b2").unwrap();
        // `b` is read at every load: it needs no naming.
        let mended = load_maps_said(root, &mut folder, Some(&named));
        assert_eq!(mended.0, ["a2", "b2"]);
        assert_eq!(mended.1.len(), 1, "the other kind of file: {:?}", mended.1);
        // Files read at every load, deleted or renamed: gone.
        let notes = root.join("map/notes.txt");
        let (c, d) = (root.join("map/c.geojson"), root.join("map/d.geojson"));
        std::fs::write(&c, [0xff]).unwrap();
        let named: HashSet<PathBuf> = [notes.clone(), c.clone()].into_iter().collect();
        std::fs::remove_file(&notes).unwrap();
        let with_c = load_maps_said(root, &mut folder, Some(&named));
        assert_eq!(with_c.1.len(), 1, "`c` cannot be read: {:?}", with_c.1);
        std::fs::rename(&c, &d).unwrap();
        let named: HashSet<PathBuf> = [c, d].into_iter().collect();
        let renamed = load_maps_said(root, &mut folder, Some(&named));
        assert_eq!(renamed.1.len(), 1, "only `d`: {:?}", renamed.1);
        assert!(renamed.1[0].contains("d.geojson"), "{:?}", renamed.1);
        assert_eq!(load_maps_said(root, &mut folder, None), renamed);
    }

    /// A new name that differs from a listed one only in case lists the folder again: on a
    /// file system that ignores case it is that file renamed, which a listing shows once.
    #[test]
    fn a_name_changed_only_in_case_lists_the_folder_again() {
        let dir = site_with_map_folder();
        let root = dir.path();
        let (old, new) = (root.join("map/Town.geojson"), root.join("map/town.geojson"));
        std::fs::write(&old, "t1").unwrap();
        let mut folder = Folder::new("map");
        assert_eq!(load_maps(root, &mut folder, None), ["t1"]);
        // As a case-insensitive file system would have it after the rename, on any system.
        std::fs::remove_file(&old).unwrap();
        std::fs::write(&new, "t1").unwrap();
        let named: HashSet<PathBuf> = [new].into_iter().collect();
        assert_eq!(load_maps(root, &mut folder, Some(&named)), ["t1"]);
    }

    #[test]
    fn the_cache_sees_a_same_length_edit_right_after_a_load() {
        let dir = site_with_map_folder();
        let root = dir.path();
        let file = root.join("map/town.geojson");
        std::fs::write(&file, "{\"a\": 1}").unwrap();
        let mut folder = Folder::new("map");
        let load = |folder: &mut Folder<Arc<SourceFile>>| load_maps(root, folder, None);
        assert_eq!(load(&mut folder), ["{\"a\": 1}"]);
        assert_eq!(folder.parsed.len(), 1);
        std::fs::write(&file, "{\"a\": 2}").unwrap();
        assert_eq!(load(&mut folder), ["{\"a\": 2}"]);
        std::fs::remove_file(&file).unwrap();
        assert!(load(&mut folder).is_empty());
        assert!(folder.parsed.is_empty(), "removed files leave the cache");
    }

    /// Told by a file watcher what changed, a load reads just those files again, and takes
    /// the others as parsed without asking the file system, nor listing the folder again.
    #[test]
    fn a_load_told_what_changed_reads_only_that() {
        let dir = site_with_map_folder();
        let root = dir.path();
        let (a, b) = (root.join("map/a.geojson"), root.join("map/b.geojson"));
        std::fs::write(&a, "a1").unwrap();
        std::fs::write(&b, "b1").unwrap();
        let mut folder = Folder::new("map");
        let load = |folder: &mut Folder<Arc<SourceFile>>, changed: &[&PathBuf]| {
            let changed = changed.iter().map(|p| (*p).clone()).collect();
            load_maps(root, folder, Some(&changed))
        };
        assert_eq!(
            load(&mut folder, &[]),
            ["a1", "b1"],
            "listed the first time"
        );
        std::fs::write(&a, "a2").unwrap();
        std::fs::write(&b, "b2").unwrap();
        assert_eq!(load(&mut folder, &[&a]), ["a2", "b1"], "only `a` was named");
        let c = root.join("map/c.geojson");
        std::fs::write(&c, "c1").unwrap();
        assert_eq!(load(&mut folder, &[]), ["a2", "b1"], "`c` was not named");
        assert_eq!(load(&mut folder, &[&c]), ["a2", "b1", "c1"]);
        std::fs::remove_file(&a).unwrap();
        assert_eq!(
            load(&mut folder, &[&a]),
            ["b1", "c1"],
            "a file gone is gone"
        );
        std::fs::write(&a, "a3").unwrap();
        assert_eq!(load(&mut folder, &[&a]), ["a3", "b1", "c1"], "and back");
        assert_eq!(load_maps(root, &mut folder, None), ["a3", "b2", "c1"]);
    }

    /// A link is read again at every load: its target's edits are named by the target's path.
    #[cfg(unix)]
    #[test]
    fn a_link_is_read_again_when_something_else_changed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("map")).unwrap();
        std::fs::create_dir_all(root.join("shared")).unwrap();
        let target = root.join("shared/town.geojson");
        std::fs::write(&target, "t1").unwrap();
        let link = root.join("map/town.geojson");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let mut folder = Folder::new("map");
        let changed: HashSet<PathBuf> = HashSet::new();
        assert_eq!(load_maps(root, &mut folder, Some(&changed)), ["t1"]);
        std::fs::write(&target, "t2").unwrap();
        let changed: HashSet<PathBuf> = [target].into_iter().collect();
        assert_eq!(load_maps(root, &mut folder, Some(&changed)), ["t2"]);
    }
}
