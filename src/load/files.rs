//! Reading the site folder, and only it: every file wegwijs reads from a site goes through
//! [`SiteDir`], which refuses links that lead outside the folder or in a loop, and files larger
//! than the site's limit before reading them whole.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, SourceFile};

/// The largest text file (YAML, Markdown, GeoJSON, a template or UI strings) read unless
/// `site.yaml` sets `max_file_size`: far above any real file, far below what would hurt.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 2 * 1024 * 1024;

/// The largest font or static file: these are copied or embedded, not parsed.
pub const MAX_BINARY_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// What kind of file is read, for its size limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// Parsed by wegwijs: held to the site's `max_file_size`.
    Text,
    /// Fonts, static files and recordings: held to [`MAX_BINARY_FILE_SIZE`].
    Binary,
}

/// The site folder, resolved once.
#[derive(Clone, Debug)]
pub struct SiteDir {
    /// As given, to show paths relative to it.
    pub root: PathBuf,
    /// With every link resolved, to tell whether a file is inside.
    real_root: Option<PathBuf>,
    /// The largest text file read, in bytes.
    pub max_text: u64,
    /// One file as it would be after an edit not yet written (the browser editor's check).
    pub overlay: Option<Arc<Overlay>>,
}

/// A file of the site replaced in memory: with new text, or gone (`None`).
#[derive(Clone, Debug)]
pub struct Overlay {
    /// Relative to the site folder, with `/`: `services/gp.yaml`.
    pub path: String,
    pub text: Option<String>,
}

impl SiteDir {
    pub fn new(root: &Path) -> SiteDir {
        SiteDir {
            root: root.to_path_buf(),
            real_root: root.canonicalize().ok(),
            max_text: DEFAULT_MAX_FILE_SIZE,
            overlay: None,
        }
    }

    /// `path` relative to the site folder, with `/`, as staff know it.
    pub fn shown(&self, path: &Path) -> String {
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/")
    }

    /// The bytes of the file at `path`, which must be inside the site folder once every link
    /// is followed, and no larger than `kind` allows.
    pub fn read(&self, path: &Path, kind: FileKind) -> Result<Vec<u8>, Diagnostic> {
        let shown = self.shown(path);
        let unread = Arc::new(SourceFile {
            path: shown.clone(),
            text: "".into(),
        });
        self.read_checked(path, kind, &shown).map_err(|d| {
            if d.file.is_none() {
                d.in_file(&unread)
            } else {
                d
            }
        })
    }

    fn read_checked(
        &self,
        path: &Path,
        kind: FileKind,
        shown: &str,
    ) -> Result<Vec<u8>, Diagnostic> {
        let real = path.canonicalize().map_err(|e| {
            let looped = e.raw_os_error() == Some(40) // ELOOP
                || e.to_string().to_lowercase().contains("symbolic links");
            if looped {
                Diagnostic::error(format!("`{shown}` is a link that leads back to itself"))
                    .help("the link (or a folder link above it) points in a circle: replace it by the file itself")
            } else if path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
                Diagnostic::error(format!("`{shown}` is a link to a file that does not exist"))
                    .help("remove the link, or put the file itself in its place")
            } else {
                Diagnostic::error(format!("cannot read `{shown}`: {e}"))
            }
        })?;
        if let Some(root) = &self.real_root
            && !real.starts_with(root)
        {
            return Err(Diagnostic::error(format!(
                "`{shown}` is a link to `{}`, outside the site folder",
                real.display()
            ))
            .help(
                "wegwijs reads only files inside the site folder, so that nothing from elsewhere \
                 on this computer is published: copy the file into the site folder instead of \
                 linking to it",
            ));
        }
        let mut file = std::fs::File::open(&real)
            .map_err(|e| Diagnostic::error(format!("cannot read `{shown}`: {e}")))?;
        let meta = file
            .metadata()
            .map_err(|e| Diagnostic::error(format!("cannot read `{shown}`: {e}")))?;
        if meta.is_dir() {
            return Err(Diagnostic::error(format!(
                "`{shown}` is a folder where a file is expected"
            ))
            .help("move the folder elsewhere; only files are read here"));
        }
        let limit = match kind {
            FileKind::Text => self.max_text,
            FileKind::Binary => MAX_BINARY_FILE_SIZE,
        };
        let too_large = |size: u64| {
            let help = match kind {
                FileKind::Text => format!(
                    "a file of the site may be at most {} (`max_file_size` in site.yaml); split \
                     the text into several files, or raise the limit if the file really is this large",
                    human_size(limit)
                ),
                FileKind::Binary => format!(
                    "fonts, static files and recordings may be at most {}",
                    human_size(limit)
                ),
            };
            Diagnostic::error(format!(
                "`{shown}` is too large: {} (at most {})",
                human_size(size),
                human_size(limit)
            ))
            .help(help)
        };
        if meta.len() > limit {
            return Err(too_large(meta.len()));
        }
        // The file may grow between the look and the read: never read past the limit.
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        file.by_ref()
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Diagnostic::error(format!("cannot read `{shown}`: {e}")))?;
        if bytes.len() as u64 > limit {
            return Err(too_large(bytes.len() as u64));
        }
        Ok(bytes)
    }

    /// The UTF-8 text of the file at `path` (see [`SiteDir::read`]), a byte-order mark removed.
    pub fn read_text(&self, path: &Path) -> Result<Arc<SourceFile>, Diagnostic> {
        if let Some(o) = &self.overlay
            && o.path == self.shown(path)
            && let Some(text) = &o.text
        {
            return text_file(o.path.clone(), text.clone().into_bytes());
        }
        let bytes = self.read(path, FileKind::Text)?;
        text_file(self.shown(path), bytes)
    }
}

/// `bytes` as the text of the file shown as `path`; invalid UTF-8 is located by line and column.
pub fn text_file(path: String, bytes: Vec<u8>) -> Result<Arc<SourceFile>, Diagnostic> {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            // Up to the bad byte the lossy text is the file itself: the position is exact.
            let file = Arc::new(SourceFile {
                text: String::from_utf8_lossy(e.as_bytes()).into(),
                path,
            });
            return Err(Diagnostic::error(format!(
                "`{}` is not UTF-8 text: the character here is in another encoding",
                file.path
            ))
            .at(&file, at..at + '\u{fffd}'.len_utf8())
            .label("not UTF-8")
            .help(
                "save the file as UTF-8 in your editor (in Word or Notepad: Save as… → \
                 Encoding: UTF-8)",
            ));
        }
    };
    // A byte-order mark is invisible in editors and would confuse positions.
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    Ok(Arc::new(SourceFile {
        path,
        text: text.into(),
    }))
}

/// `1.5 MB`, `300 KB`, `12 bytes`.
pub fn human_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * KB;
    if bytes >= MB {
        let tenths = (bytes * 10 + MB / 2) / MB;
        format!("{}.{} MB", tenths / 10, tenths % 10).replace(".0 MB", " MB")
    } else if bytes >= KB {
        format!("{} KB", (bytes + KB / 2) / KB)
    } else {
        format!("{bytes} bytes")
    }
}

/// Reads `2 MB`, `500 KB`, `1.5 MB` or a number of bytes.
pub fn parse_size(text: &str) -> Option<u64> {
    let t = text.trim();
    let (number, unit) = match t.find(|c: char| c.is_ascii_alphabetic()) {
        Some(i) => (t[..i].trim(), t[i..].trim().to_ascii_lowercase()),
        None => (t, String::new()),
    };
    let factor = match unit.as_str() {
        "" | "b" | "bytes" => 1.0,
        "kb" | "k" => 1024.0,
        "mb" | "m" => 1024.0 * 1024.0,
        "gb" | "g" => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    let n: f64 = number.replace(',', ".").parse().ok()?;
    (n.is_finite() && n > 0.0).then_some((n * factor) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("2 MB"), Some(2 * 1024 * 1024));
        assert_eq!(parse_size("500kb"), Some(500 * 1024));
        assert_eq!(parse_size("1,5 MB"), Some(1024 * 1024 * 3 / 2));
        assert_eq!(parse_size("4096"), Some(4096));
        assert_eq!(parse_size("lots"), None);
        assert_eq!(parse_size("-1 MB"), None);
        assert_eq!(human_size(2 * 1024 * 1024), "2 MB");
        assert_eq!(human_size(50 * 1000 * 1000), "47.7 MB");
        assert_eq!(human_size(3000), "3 KB");
    }

    #[test]
    fn links_outside_the_site_and_loops_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "secret").unwrap();
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::write(root.join("inside.md"), "ok").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::symlink;
            symlink(outside.path().join("secret.md"), root.join("out.md")).unwrap();
            symlink(root.join("inside.md"), root.join("in.md")).unwrap();
            symlink(root.join("loop.md"), root.join("loop.md")).unwrap();
            symlink(root.join("nothing.md"), root.join("dangling.md")).unwrap();
        }
        let dir = SiteDir::new(root);
        assert_eq!(
            dir.read(&root.join("inside.md"), FileKind::Text).unwrap(),
            b"ok"
        );
        #[cfg(unix)]
        {
            assert_eq!(
                dir.read(&root.join("in.md"), FileKind::Text).unwrap(),
                b"ok"
            );
            let e = dir.read(&root.join("out.md"), FileKind::Text).unwrap_err();
            assert!(
                e.message.contains("outside the site folder"),
                "{}",
                e.message
            );
            let e = dir.read(&root.join("loop.md"), FileKind::Text).unwrap_err();
            assert!(e.message.contains("leads back to itself"), "{}", e.message);
            let e = dir
                .read(&root.join("dangling.md"), FileKind::Text)
                .unwrap_err();
            assert!(e.message.contains("does not exist"), "{}", e.message);
        }
    }

    #[test]
    fn large_files_are_refused_before_reading() {
        let site = tempfile::tempdir().unwrap();
        let path = site.path().join("big.yaml");
        std::fs::write(&path, vec![b'a'; 2000]).unwrap();
        let mut dir = SiteDir::new(site.path());
        dir.max_text = 1000;
        let e = dir.read(&path, FileKind::Text).unwrap_err();
        assert!(e.message.contains("too large"), "{}", e.message);
        assert!(dir.read(&path, FileKind::Binary).is_ok());
    }

    #[test]
    fn invalid_utf8_is_located() {
        let e = text_file("a.yaml".into(), b"id: x\nname: caf\xe9\n".to_vec()).unwrap_err();
        assert_eq!(e.line_col(), Some((2, 10)));
    }
}
