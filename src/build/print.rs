//! Printing from a loaded site: each language's pocket card and each guide on paper, for a
//! build (into its sink) and for the commands that print a stack for staff (`cards`,
//! `print guides`); and a guide's other file, its recordings, copied into a build or read for
//! the preview.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{Loaded, Warm, load, load_cached};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{LangInfo, Site};
use crate::output;
use crate::timings;

/// The card of each of `langs`, printed in parallel.
pub fn print_cards<'a>(
    loaded: &Loaded,
    printer: &crate::print::Printer,
    langs: &'a [crate::model::LangInfo],
    request: &crate::print::CardRequest,
) -> Vec<(&'a crate::model::LangInfo, Result<Vec<u8>, Diagnostic>)> {
    use rayon::prelude::*;
    langs
        .par_iter()
        .map(|lang| {
            (
                lang,
                printer.card(&loaded.site, &loaded.locales, lang, request),
            )
        })
        .collect()
}

/// What `wegwijs cards` or `wegwijs print guides` wrote.
#[derive(Debug)]
pub struct PrintReport {
    pub files: Vec<PathBuf>,
    pub diagnostics: Diagnostics,
    pub elapsed: Duration,
}

/// The site's languages named by `codes`, every one when none is named; a code that is not
/// one of them is an error in `diags`.
fn languages(site: &Site, codes: &[String], diags: &mut Diagnostics) -> Vec<LangInfo> {
    if codes.is_empty() {
        return site.config.languages.clone();
    }
    let mut targets = Vec::new();
    for code in codes {
        match crate::model::Lang::parse(code)
            .ok()
            .and_then(|l| site.config.lang(&l).cloned())
        {
            Some(info) => targets.push(info),
            None => {
                let known = site.config.languages.iter().map(|l| l.code.as_str());
                let meant = crate::diagnostics::closest(code, known.clone())
                    .map(|k| format!("did you mean `{k}`? "))
                    .unwrap_or_default();
                diags.push(
                    Diagnostic::error(format!("`{code}` is not one of the site's languages")).help(
                        format!(
                            "{meant}use a code listed under `languages:` in site.yaml: {}",
                            known.collect::<Vec<_>>().join(", ")
                        ),
                    ),
                )
            }
        }
    }
    targets
}

/// Writes every file into `out` (made when missing), each atomically; the first failure
/// stops and is the error.
fn write_all(out: &Path, files: Vec<(String, Vec<u8>)>) -> Result<Vec<PathBuf>, Diagnostic> {
    std::fs::create_dir_all(out).map_err(|e| {
        Diagnostic::error(format!(
            "cannot create `{}`: {}",
            out.display(),
            crate::diagnostics::io_words(&e)
        ))
    })?;
    let mut written = Vec::new();
    for (name, bytes) in files {
        let path = out.join(name);
        output::write_file_atomic(&path, &bytes).map_err(|e| {
            Diagnostic::error(format!(
                "cannot write `{}`: {}",
                path.display(),
                crate::diagnostics::io_words(&e)
            ))
        })?;
        written.push(path);
    }
    Ok(written)
}

/// The PDFs made, each `(file name, bytes)`, written into `out` when nothing went wrong.
fn written(
    out: &Path,
    pdfs: Vec<(String, Vec<u8>)>,
    mut diags: Diagnostics,
    start: Instant,
) -> Result<PrintReport, Diagnostics> {
    if diags.has_errors() {
        return fail(diags);
    }
    match write_all(out, pdfs) {
        Ok(files) => {
            diags.sort();
            Ok(PrintReport {
                files,
                diagnostics: diags,
                elapsed: start.elapsed(),
            })
        }
        Err(d) => {
            diags.push(d);
            fail(diags)
        }
    }
}

fn fail<T>(mut diags: Diagnostics) -> Result<T, Diagnostics> {
    diags.sort();
    Err(diags)
}

/// Prints the pocket card of the site at `root` for `langs` (every site language when empty)
/// into the folder `out`, one `card-<lang>.pdf` each. Nothing is written unless every card
/// succeeds.
pub fn cards(
    root: &Path,
    out: &Path,
    langs: &[String],
    request: &crate::print::CardRequest,
) -> Result<PrintReport, Diagnostics> {
    let start = Instant::now();
    // What is said about the guides is said by `check` and `build`; a card shows none of them.
    let mut without_guides = Warm::once();
    without_guides.files.scope = crate::load::Scope::WithoutGuides;
    let mut loaded = timings::phase("load and check", || load_cached(root, &mut without_guides))?;
    let mut diags = std::mem::take(&mut loaded.warnings);
    let targets = languages(&loaded.site, langs, &mut diags);
    let printer = crate::print::Printer::new(&loaded.theme).filter(|p| p.prints_cards());
    let Some(printer) = printer else {
        diags.push(Diagnostic::error(
            "the theme has no card template or no fonts",
        ));
        return fail(diags);
    };
    if diags.has_errors() {
        return fail(diags);
    }
    // A personal card is named after its title, or else its contacts, so that the next
    // family's card does not overwrite this one.
    let suffix = match &request.contacts {
        None => String::new(),
        Some(ids) => {
            let named = request.title.as_deref().map(file_word).unwrap_or_default();
            let word = if named.is_empty() {
                file_word(
                    &ids.iter()
                        .map(|id| id.as_str())
                        .collect::<Vec<_>>()
                        .join("-"),
                )
            } else {
                named
            };
            format!("-{word}")
        }
    };
    let mut pdfs = Vec::new();
    for (lang, r) in print_cards(&loaded, &printer, &targets, request) {
        match r {
            Ok(pdf) => pdfs.push((format!("card-{}{suffix}.pdf", lang.code), pdf)),
            Err(d) => diags.push(d),
        }
    }
    written(out, pdfs, diags, start)
}

/// How `print guides` gathers guides into files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Stack {
    /// One PDF per language with every guide, in the site's order: `guides-<lang>.pdf`.
    #[default]
    PerLanguage,
    /// One PDF per guide and language: `guide-<id>-<lang>.pdf`.
    PerGuide,
}

/// What `wegwijs print guides` prints.
#[derive(Clone, Debug, Default)]
pub struct GuidesRequest {
    /// Language codes; every language of the site when empty.
    pub langs: Vec<String>,
    /// Guide ids, in the site's order whatever their order here; every guide when empty.
    pub guides: Vec<String>,
    pub paper: crate::print::Paper,
    pub stack: Stack,
}

/// Prints the guides of the site at `root` on paper into the folder `out`. Nothing is written
/// unless every PDF succeeds.
pub fn guides(
    root: &Path,
    out: &Path,
    request: &GuidesRequest,
) -> Result<PrintReport, Diagnostics> {
    use crate::print::Paper;
    let start = Instant::now();
    let mut loaded = timings::phase("load and check", || load(root))?;
    let mut diags = std::mem::take(&mut loaded.warnings);
    let site = &loaded.site;
    let targets = languages(site, &request.langs, &mut diags);
    for id in &request.guides {
        if !site.guides.iter().any(|g| g.id.as_str() == id) {
            let ids = || site.guides.iter().map(|g| g.id.as_str());
            let meant = crate::diagnostics::closest(id, ids())
                .map(|k| format!("did you mean `{k}`? "))
                .unwrap_or_default();
            diags.push(
                Diagnostic::error(format!("no guide has the id `{id}`")).help(format!(
                    "{meant}a guide's id is its file name in guides/ before the language: {}",
                    crate::diagnostics::nearest(id, ids(), 12).join(", ")
                )),
            );
        }
    }
    let chosen: Vec<&crate::model::Guide> = site
        .guides
        .iter()
        .filter(|g| {
            request.guides.is_empty() || request.guides.iter().any(|id| g.id.as_str() == id)
        })
        .map(|g| &**g)
        .collect();
    let printer = crate::print::Printer::new(&loaded.theme).filter(|p| p.prints_guides());
    let Some(printer) = printer else {
        diags.push(
            Diagnostic::error("the theme has no guide template or no fonts")
                .help("put back print/guide.typ and a font in fonts/, or remove the site's own empty copies"),
        );
        return fail(diags);
    };
    if chosen.is_empty() && !diags.has_errors() {
        diags.push(Diagnostic::error("the site has no guides to print"));
    }
    if diags.has_errors() {
        return fail(diags);
    }
    let as_of = crate::print::AsOf::today();
    let paper = match request.paper {
        Paper::A4 => "",
        Paper::A5 => "-a5",
        Paper::Booklet => "-booklet",
    };
    // Each PDF as (file name, language, its guides).
    let jobs: Vec<(String, &LangInfo, Vec<&crate::model::Guide>)> = match request.stack {
        Stack::PerLanguage => targets
            .iter()
            .map(|l| (format!("guides-{}{paper}.pdf", l.code), l, chosen.clone()))
            .collect(),
        Stack::PerGuide => chosen
            .iter()
            .flat_map(|g| {
                targets
                    .iter()
                    .map(move |l| (format!("guide-{}-{}{paper}.pdf", g.id, l.code), l, vec![*g]))
            })
            .collect(),
    };
    let made: Vec<Result<(String, Vec<u8>), Diagnostic>> = {
        use rayon::prelude::*;
        jobs.into_par_iter()
            .map(|(name, lang, guides)| {
                printer
                    .guides(site, &loaded.locales, lang, &guides, request.paper, &as_of)
                    .map(|pdf| (name, pdf))
            })
            .collect()
    };
    let mut pdfs = Vec::new();
    for r in made {
        match r {
            Ok(file) => pdfs.push(file),
            Err(d) => diags.push(d),
        }
    }
    written(out, pdfs, diags, start)
}

/// `text` as a word for a file name: lower-case letters and digits of the Latin alphabet,
/// joined by hyphens, at most 60 characters (empty when the text has none of them).
fn file_word(text: &str) -> String {
    let mut word = String::new();
    for c in text.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            word.push(c);
        } else if !word.is_empty() && !word.ends_with('-') {
            word.push('-');
        }
    }
    let mut word: String = word.trim_end_matches('-').chars().take(60).collect();
    while word.ends_with('-') {
        word.pop();
    }
    word
}

/// Every guide of the site on paper (A4) in every language, each PDF into `sink` at
/// `<lang>/guides/<id>/guide.pdf` as it is made, in parallel; with a `selection`, only the
/// guides whose pages it names. The problems come back.
pub(super) fn site_guides(
    loaded: &Loaded,
    printer: &crate::print::Printer,
    selection: Option<&crate::render::Selection>,
    sink: &dyn crate::render::Sink,
) -> Diagnostics {
    use rayon::prelude::*;
    let site = &loaded.site;
    let as_of = crate::print::AsOf::today();
    let jobs: Vec<_> = site
        .guides
        .iter()
        .filter(|g| selection.is_none_or(|s| s.has_guide(&g.id)))
        .flat_map(|g| site.config.languages.iter().map(move |l| (g, l)))
        .collect();
    let problems: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|(guide, lang)| {
            let pdf = printer.guide(
                site,
                &loaded.locales,
                lang,
                guide,
                crate::print::Paper::A4,
                &as_of,
            );
            let put = pdf.and_then(|bytes| {
                sink.put(crate::render::OutputFile {
                    path: crate::render::urls::guide_pdf(&lang.code, &guide.id),
                    bytes,
                })
            });
            put.err()
        })
        .collect();
    let mut diags = Diagnostics::default();
    for d in problems {
        diags.push(d);
    }
    diags
}

/// The file of a guide at `path` of a loaded site, made or read now: the guide on paper
/// (`<lang>/guides/<id>/guide.pdf`) or a recording (`<lang>/guides/<id>/recording-….mp3`).
/// What the preview answers when one is asked for; `None` when the path names no such file.
pub fn guide_file(loaded: &Loaded, path: &str) -> Option<Result<Vec<u8>, Diagnostic>> {
    let site = &loaded.site;
    let mut parts = path.split('/');
    let (lang, "guides", id, name, None) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next(),
    ) else {
        return None;
    };
    let lang = site
        .config
        .languages
        .iter()
        .find(|l| l.code.as_str() == lang)?;
    let guide = site.guides.iter().find(|g| g.id.as_str() == id)?;
    if name != "guide.pdf" {
        let source = guide
            .recordings
            .get(&lang.code)?
            .sources
            .iter()
            .find(|s| crate::render::urls::recording(&lang.code, &guide.id, s) == path)?;
        return Some(read_recording(loaded, source));
    }
    if !site.config.guides_on_paper {
        return None;
    }
    let printer = crate::print::Printer::new(&loaded.theme).filter(|p| p.prints_guides())?;
    Some(printer.guide(
        site,
        &loaded.locales,
        lang,
        guide,
        crate::print::Paper::A4,
        &crate::print::AsOf::today(),
    ))
}

/// Every recording of the site's guides (with a `selection`, of the guides whose pages it
/// names), copied from the site folder into `sink` one at a time: a town's recordings are
/// never all in memory. The problems come back.
pub(super) fn recordings(
    loaded: &Loaded,
    selection: Option<&crate::render::Selection>,
    sink: &dyn crate::render::Sink,
) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let site = &loaded.site;
    for guide in &site.guides {
        let wanted = selection.is_none_or(|s| s.has_guide(&guide.id));
        if !wanted {
            continue;
        }
        for (lang, recording) in &guide.recordings {
            for source in &recording.sources {
                let copied = read_recording(loaded, source).and_then(|bytes| {
                    sink.put(crate::render::OutputFile {
                        path: crate::render::urls::recording(lang, &guide.id, source),
                        bytes,
                    })
                });
                if let Err(d) = copied {
                    diags.push(d);
                }
            }
        }
    }
    diags
}

/// The bytes of one file of a recording, read from the site folder as it is now.
fn read_recording(
    loaded: &Loaded,
    source: &crate::model::AudioSource,
) -> Result<Vec<u8>, Diagnostic> {
    let path = loaded.dir.root.join(&source.file);
    loaded.dir.read(&path, crate::load::FileKind::Binary)
}
