//! Recordings attached to their guides: each names a guide and a language of the site; a
//! recording larger than a phone on prepaid data should fetch is warned about.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::Cx;
use crate::diagnostics::{Diagnostic, SourceFile, closest};
use crate::load::recordings::RawRecording;
use crate::model::{AudioSource, Guide, Lang, Recording};

/// Above this a recording is warned about: about ten minutes of speech at 64 kbit/s.
pub const LARGE_RECORDING: u64 = 5 * 1024 * 1024;

impl Cx<'_> {
    /// `guides` with their recordings; a recording of no guide or in no language of the site
    /// is an error where it is.
    pub(super) fn recordings(&mut self, guides: &mut [Arc<Guide>], raw: &[RawRecording]) {
        let mut found: BTreeMap<(usize, Lang), Recording> = BTreeMap::new();
        for r in raw {
            let file = Arc::new(SourceFile {
                path: r.file.clone(),
                text: "".into(),
            });
            let Some(at) = guides.iter().position(|g| g.id.as_str() == r.id) else {
                let meant = closest(&r.id, guides.iter().map(|g| g.id.as_str()))
                    .map(|k| format!("did you mean `{k}`? "))
                    .unwrap_or_default();
                self.diags.push(
                    Diagnostic::error(format!(
                        "`{}` is a recording of a guide that does not exist: `{}`",
                        r.file, r.id
                    ))
                    .in_file(&file)
                    .help(format!(
                        "{meant}a recording is named like the guide's text: `guides/<id>.<lang>.{}`",
                        r.format.extension()
                    )),
                );
                continue;
            };
            let lang = Lang::parse(&r.lang)
                .ok()
                .filter(|l| self.languages.contains(l));
            let Some(lang) = lang else {
                let known: Vec<&str> = self.languages.iter().map(Lang::as_str).collect();
                self.diags.push(
                    Diagnostic::error(format!(
                        "`{}` is a recording in `{}`, which is not one of the site's languages",
                        r.file, r.lang
                    ))
                    .in_file(&file)
                    .help(format!(
                        "name the file after one of the languages in site.yaml: {}",
                        known.join(", ")
                    )),
                );
                continue;
            };
            if r.len > LARGE_RECORDING {
                self.diags.push(
                    Diagnostic::warning(format!(
                        "`{}` is {}: a reader on prepaid data pays for every megabyte",
                        r.file,
                        crate::load::human_size(r.len)
                    ))
                    .in_file(&file)
                    .help(
                        "export speech as mono at 48–64 kbit/s (MP3) or 24–32 kbit/s (Opus): \
                         ten minutes then take 2 to 5 MB",
                    ),
                );
            }
            let entry = found.entry((at, lang)).or_insert_with(|| Recording {
                sources: Vec::new(),
                seconds: r.seconds,
            });
            entry.seconds = entry.seconds.or(r.seconds);
            entry.sources.push(AudioSource {
                file: r.file.clone(),
                format: r.format,
                len: r.len,
                digest: r.digest.clone(),
            });
        }
        for ((at, lang), mut recording) in found {
            // The smallest format first: a browser plays the first it can.
            recording
                .sources
                .sort_by_key(|s| std::cmp::Reverse(s.format));
            // A guide shared with the memo (which keeps it without recordings) is copied.
            Arc::make_mut(&mut guides[at])
                .recordings
                .insert(lang, recording);
        }
    }
}
