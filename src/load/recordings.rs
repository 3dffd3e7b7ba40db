//! Recordings of guides: `guides/<id>.<lang>.mp3` (or `.m4a`, `.ogg`, `.opus`) beside the
//! Markdown, read for what the page says of them (format, size, length) and checked to be
//! what their name says. The sound itself is copied into the site by the build, never kept.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use lofty::file::{AudioFile, FileType};
use lofty::probe::Probe;
use rayon::prelude::*;
use sha2::Digest;

use super::files::{FileKind, SiteDir};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::AudioFormat;

/// One recording as found in `guides/`.
#[derive(Clone, Debug, PartialEq)]
pub struct RawRecording {
    /// The guide's id and the language, from the file name, as written.
    pub id: String,
    pub lang: String,
    /// Relative to the site folder, with `/`: `guides/first-week.ar.mp3`.
    pub file: String,
    pub format: AudioFormat,
    /// In bytes.
    pub len: u64,
    /// The first 16 hex digits of the SHA-256 of its bytes: the published file is named by
    /// it, so that a new recording is never mistaken for the old one by a cache.
    pub digest: String,
    /// How long it plays, when the file says.
    pub seconds: Option<f64>,
}

/// A recording as read, with the file's stamp then.
type Stamped = (Option<super::Stamp>, RawRecording);

/// Recordings read before, by path.
pub(crate) type RecordingCache = HashMap<PathBuf, Stamped>;

/// The audio files' extensions, each with its format.
pub const EXTENSIONS: [(&str, AudioFormat); 4] = [
    ("mp3", AudioFormat::Mp3),
    ("m4a", AudioFormat::M4a),
    ("ogg", AudioFormat::Ogg),
    ("opus", AudioFormat::Opus),
];

/// Whether a file of the guides' folder named `name` is a recording (by its extension).
pub(crate) fn is_recording(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| EXTENSIONS.iter().any(|(e, _)| ext.eq_ignore_ascii_case(e)))
}

/// The recordings among the files of the guides' folder, with their formats.
pub(crate) fn among(files: &[PathBuf]) -> Vec<(PathBuf, AudioFormat)> {
    files
        .iter()
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?;
            let (_, ext) = name.rsplit_once('.')?;
            if name.starts_with('.') {
                return None;
            }
            let format = EXTENSIONS
                .iter()
                .find(|(e, _)| ext.eq_ignore_ascii_case(e))?
                .1;
            Some((path.clone(), format))
        })
        .collect()
}

/// Every recording `found` ([`among`] the guides' files; `None` without a guides' folder), in
/// file-name order, taking from `cache` those unchanged since; a file that is not what its
/// name says is an error in `diags`.
pub(crate) fn load(
    site: &SiteDir,
    found: Option<Vec<(PathBuf, AudioFormat)>>,
    cache: &mut RecordingCache,
    diags: &mut Diagnostics,
) -> Vec<RawRecording> {
    let Some(mut paths) = found else {
        cache.clear();
        return Vec::new();
    };
    paths.sort_unstable_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
    let old: &RecordingCache = cache;
    let read: Vec<(PathBuf, Result<Stamped, Diagnostic>)> = paths
        .par_iter()
        .map(|(path, format)| {
            // Read again unless unchanged.
            if let Some((Some(s), rec)) = old.get(path)
                && s.still_at(path)
            {
                return (path.clone(), Ok((Some(*s), rec.clone())));
            }
            let stamp = super::Stamp::of(path);
            let recording = read(site, path, *format).map_err(|d| {
                if d.file.is_some() {
                    return d;
                }
                d.in_file(&std::sync::Arc::new(crate::diagnostics::SourceFile {
                    path: site.shown(path),
                    text: "".into(),
                }))
            });
            (path.clone(), recording.map(|r| (stamp, r)))
        })
        .collect();
    let mut fresh = RecordingCache::default();
    let mut out = Vec::new();
    for (path, r) in read {
        match r {
            Ok((stamp, rec)) => {
                out.push(rec.clone());
                fresh.insert(path, (stamp, rec));
            }
            Err(d) => diags.push(d),
        }
    }
    *cache = fresh;
    out
}

fn read(site: &SiteDir, path: &Path, format: AudioFormat) -> Result<RawRecording, Diagnostic> {
    let file = site.shown(path);
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let Some((id, lang)) = stem.rsplit_once('.') else {
        return Err(Diagnostic::error(format!(
            "`{file}`: a recording is named after its guide and language"
        ))
        .help(format!(
            "name it like the guide's text, with the sound's extension: `guides/<id>.<lang>.{}` \
             (for `guides/first-week.ar.md`, `guides/first-week.ar.{}`)",
            format.extension(),
            format.extension()
        )));
    };
    let bytes = site.read(path, FileKind::Binary)?;
    let len = bytes.len() as u64;
    let digest: String = sha2::Sha256::digest(&bytes)[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let probe = Probe::new(Cursor::new(&bytes))
        .guess_file_type()
        .map_err(|e| Diagnostic::error(format!("cannot read `{file}`: {e}")))?;
    let found = probe.file_type();
    let expected = match format {
        AudioFormat::Mp3 => FileType::Mpeg,
        AudioFormat::M4a => FileType::Mp4,
        AudioFormat::Ogg => FileType::Vorbis,
        AudioFormat::Opus => FileType::Opus,
    };
    // An Ogg file may hold Opus as well as Vorbis: both play where Ogg plays.
    let fits =
        found == Some(expected) || (format == AudioFormat::Ogg && found == Some(FileType::Opus));
    if !fits {
        let what = match found {
            Some(t) => format!(
                "its content is {}",
                match t {
                    FileType::Mpeg => "MP3".to_owned(),
                    FileType::Mp4 => "MP4 (M4A)".to_owned(),
                    FileType::Vorbis => "Ogg Vorbis".to_owned(),
                    other => format!("{other:?}"),
                }
            ),
            None => "its content is no sound format wegwijs knows".to_owned(),
        };
        return Err(Diagnostic::error(format!(
            "`{file}` is not a {} recording: {what}",
            format.name()
        ))
        .help(
            "export the recording again as MP3 (plays everywhere) or as Opus, and give the \
             file the extension of what it is: .mp3, .m4a, .ogg or .opus",
        ));
    }
    let tagged = probe.read().map_err(|e| {
        Diagnostic::error(format!("`{file}` cannot be read as {}: {e}", format.name()))
            .help("export the recording again from the program it was made with")
    })?;
    let seconds = tagged.properties().duration().as_secs_f64();
    Ok(RawRecording {
        id: id.to_owned(),
        lang: lang.to_owned(),
        file,
        format,
        len,
        digest,
        seconds: (seconds > 0.0).then_some(seconds),
    })
}
