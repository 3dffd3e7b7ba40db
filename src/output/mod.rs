//! Stage 4, the only code that writes the site: into a staging folder beside the output, then
//! swapped in whole, so a failed or interrupted build never leaves a half-written site.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::render::OutputFile;

/// Marks a folder as made by wegwijs, so that replacing it can never delete someone's files.
pub const MARKER: &str = ".wegwijs-output";

/// What writing the site left to say: the new site is in place either way.
#[derive(Debug, Default)]
pub struct Written {
    /// The previous version, moved aside, could not be removed (read-only files, a file open
    /// on Windows): the folder it is in and why.
    pub old_left_at: Option<(PathBuf, io::Error)>,
}

/// Replaces the folder `out` with exactly `files`. An `Err` means `out` is as it was.
pub fn write_site(out: &Path, files: &[OutputFile]) -> io::Result<Written> {
    let staging = Staging::begin(out)?;
    files.par_iter().try_for_each(|f| staging.put(f))?;
    staging.finish()
}

/// A new version of the site folder being written, file by file as the files are made (from
/// any thread), beside the folder it will replace: `finish` swaps it in whole. Dropped
/// unfinished (a failed build), it is removed and the previous site stays as it was.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    /// Folders made so far inside `dir`.
    made: Mutex<HashSet<PathBuf>>,
    finished: bool,
}

impl Staging {
    /// Starts a new version of `out`; refused when `out` holds files wegwijs did not make.
    pub fn begin(out: &Path) -> io::Result<Staging> {
        check_replaceable(out)?;
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent)?;
        let name = out
            .file_name()
            .ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "the output folder needs a name",
                )
            })?
            .to_string_lossy()
            .into_owned();
        remove_leftovers(&parent, &name);
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir_all(&dir)?;
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            old,
            made: Mutex::new(HashSet::new()),
            finished: false,
        })
    }

    /// Writes one file of the new version (a later file with the same path replaces it).
    pub fn put(&self, file: &OutputFile) -> io::Result<()> {
        let rel = safe_relative(&file.path)?;
        if let Some(dir) = rel.parent().filter(|d| !d.as_os_str().is_empty()) {
            let known = self
                .made
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .contains(dir);
            if !known {
                fs::create_dir_all(self.dir.join(dir))?;
                self.made
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .insert(dir.to_path_buf());
            }
        }
        fs::write(self.dir.join(rel), &file.bytes)
    }

    /// Puts the new version in the place of the previous one.
    pub fn finish(mut self) -> io::Result<Written> {
        self.finished = true;
        let result = fs::write(
            self.dir.join(MARKER),
            "This folder is made by `wegwijs build`; it is replaced as a whole on every build.\n",
        )
        .and_then(|()| {
            swap(&self.dir, &self.out, &self.old, |old| {
                fs::remove_dir_all(old)
            })
        });
        if result.is_err() {
            let _ = fs::remove_dir_all(&self.dir);
        }
        result
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Removes the staging and old folders of builds that were killed before they could clean up
/// (`.public.staging-<process>`, `.public.old-<process>`), unless that process still runs.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let prefixes = [format!(".{name}.staging-"), format!(".{name}.old-")];
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = prefixes
            .iter()
            .find_map(|p| file_name.strip_prefix(p.as_str()))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if entry.file_type().is_ok_and(|t| t.is_dir()) && !process_runs(pid) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether another process with this id runs now (where the system can tell; elsewhere a
/// leftover is kept for an hour, longer than any build takes).
fn process_runs(pid: u32) -> bool {
    if pid == std::process::id() {
        return false;
    }
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        false
    }
}

/// Removes one file of a site folder (a guide's language taken out by `init --languages`).
pub fn delete_file(path: &Path) -> io::Result<()> {
    fs::remove_file(path)
}

/// Writes one file so that a reader sees the old or the new contents, never half of them.
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".partial");
    let tmp = PathBuf::from(tmp);
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)?;
    }
    fs::write(&tmp, bytes)?;
    fs::rename(&tmp, path).inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })
}

fn check_replaceable(out: &Path) -> io::Result<()> {
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("`{}` exists and is not a folder", out.display()),
        ));
    }
    let empty = fs::read_dir(out)?.next().is_none();
    if empty || out.join(MARKER).is_file() {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "`{}` holds files that wegwijs did not make; refusing to replace it. \
                 Choose another output folder with --out, or empty this one",
                out.display()
            ),
        ))
    }
}

/// `files` written into the folder `dir` as it is, for the tests of `swap`.
#[cfg(test)]
fn write_all(dir: &Path, files: &[OutputFile]) -> io::Result<()> {
    for f in files {
        let path = dir.join(safe_relative(&f.path)?);
        fs::create_dir_all(path.parent().expect("inside dir"))?;
        fs::write(path, &f.bytes)?;
    }
    Ok(())
}

/// A path that stays inside the output folder.
fn safe_relative(path: &str) -> io::Result<&Path> {
    let p = Path::new(path);
    if path.is_empty() || !p.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write `{path}` outside the output folder"),
        ));
    }
    Ok(p)
}

/// Puts `staging` in the place of `out`, moving a previous `out` to `old` and removing it with
/// `remove` (a parameter so that a test can make the removal fail, which file permissions
/// cannot do for root).
fn swap(
    staging: &Path,
    out: &Path,
    old: &Path,
    remove: impl Fn(&Path) -> io::Result<()>,
) -> io::Result<Written> {
    if out.exists() {
        fs::rename(out, old)?;
        if let Err(e) = fs::rename(staging, out) {
            // Put the previous site back before reporting.
            let _ = fs::rename(old, out);
            return Err(e);
        }
        // The new site is in place: a previous one that cannot be removed is worth a
        // warning, not a failed build.
        Ok(Written {
            old_left_at: remove(old).err().map(|e| (old.to_path_buf(), e)),
        })
    } else {
        fs::rename(staging, out)?;
        Ok(Written::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn replaces_a_previous_build_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("a/index.html", "one"), file("gone.txt", "x")]).unwrap();
        write_site(&out, &[file("a/index.html", "two")]).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "two");
        assert!(!out.join("gone.txt").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging and old folders are cleaned up");
    }

    #[test]
    fn leftovers_of_a_killed_build_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // A process id that no process has (above Linux's pid_max).
        let dead = dir.path().join(".public.staging-4294967");
        let old = dir.path().join(".public.old-4294967");
        let foreign = dir.path().join(".public.staging-notes");
        for d in [&dead, &old, &foreign] {
            fs::create_dir_all(d.join("en")).unwrap();
        }
        write_site(&out, &[file("index.html", "x")]).unwrap();
        assert!(!dead.exists() && !old.exists(), "leftovers removed");
        assert!(foreign.exists(), "a folder that is not a leftover stays");
    }

    #[cfg(unix)]
    #[test]
    fn a_previous_site_that_cannot_be_removed_is_reported_not_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let (out, staging, old) = (
            dir.path().join("public"),
            dir.path().join(".public.staging-1"),
            dir.path().join(".public.old-1"),
        );
        write_all(&out, &[file("en/index.html", "one")]).unwrap();
        write_all(&staging, &[file("en/index.html", "two")]).unwrap();
        let written = swap(&staging, &out, &old, |_| {
            Err(io::Error::new(io::ErrorKind::PermissionDenied, "read-only"))
        })
        .unwrap();
        assert_eq!(
            fs::read_to_string(out.join("en/index.html")).unwrap(),
            "two"
        );
        let (left, e) = written.old_left_at.expect("the leftover is reported");
        assert_eq!(left, old);
        assert_eq!(e.kind(), io::ErrorKind::PermissionDenied);
        assert_eq!(
            fs::read_to_string(old.join("en/index.html")).unwrap(),
            "one"
        );
        assert!(!staging.exists());
    }

    #[test]
    fn refuses_to_replace_foreign_folders() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("precious.txt"), "keep").unwrap();
        let err = write_site(dir.path(), &[file("index.html", "x")]).unwrap_err();
        assert!(err.to_string().contains("did not make"), "{err}");
        assert!(dir.path().join("precious.txt").exists());
    }

    #[test]
    fn an_unfinished_version_is_removed_and_the_previous_one_stays() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("en/index.html", "one")]).unwrap();
        let staging = Staging::begin(&out).unwrap();
        staging.put(&file("en/index.html", "two")).unwrap();
        staging.put(&file("en/new/index.html", "new")).unwrap();
        drop(staging);
        assert_eq!(
            fs::read_to_string(out.join("en/index.html")).unwrap(),
            "one"
        );
        assert!(!out.join("en/new").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "the staging folder is removed");
    }

    #[test]
    fn refuses_paths_outside_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        assert!(write_site(&out, &[file("../evil", "x")]).is_err());
        assert!(write_site(&out, &[file("/etc/evil", "x")]).is_err());
        assert!(!dir.path().join("evil").exists());
    }
}
