//! The pipeline from a site folder to a published folder: load → validate → render → write.
//! Printing (cards and guides, in a build and on their own) is in `print.rs`.

mod print;

pub use print::{GuidesRequest, PrintReport, Stack, cards, guide_file, guides, print_cards};

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Locales;
use crate::load::{self, Theme};
use crate::model::Site;
use crate::output;
use crate::render::search;
use crate::render::{Collect, OutputFile, Renderer, Selection, Sink};
use crate::timings;
use crate::validate;

/// A site loaded and checked without errors, ready for any output: the pages, the print cards,
/// a preview. Holding one is the proof that the site has no errors.
pub struct Loaded {
    pub site: Site,
    pub theme: Theme,
    pub locales: Arc<Locales>,
    /// What loading found that does not stop a build.
    pub warnings: Diagnostics,
    /// The site folder: the recordings are copied from it as they are published.
    pub dir: load::SiteDir,
}

impl Loaded {
    /// How current the translations are (the outdated ones are among the warnings already).
    /// Made when asked, by the commands that show it: counting every text in every language
    /// would cost the preview a tenth of its time after each save.
    pub fn translations(&self) -> crate::translations::Report {
        crate::translations::report(&self.site)
    }
}

/// Loads and validates the site at `root`: the site without errors, or every problem found
/// (errors and warnings, in file order).
pub fn load(root: &Path) -> Result<Loaded, Diagnostics> {
    load_cached(root, &mut Warm::once())
}

/// What one load of a site leaves for the next one to reuse: the parsed files, and the
/// guides, services, contacts and translations.yaml as checked. The preview keeps one
/// between saves.
pub struct Warm {
    pub files: load::LoadCache,
    pub checked: validate::Memo,
}

impl Default for Warm {
    fn default() -> Warm {
        Warm {
            files: load::LoadCache::default(),
            checked: validate::Memo::keeping(),
        }
    }
}

impl Warm {
    /// For a load that is not followed by another (`build`, `check`, `cards`) or that trusts
    /// nothing from before (the browser editor's check of an unsaved edit): nothing is kept
    /// in a memo.
    fn once() -> Warm {
        Warm {
            files: load::LoadCache::default(),
            checked: validate::Memo::default(),
        }
    }
}

/// [`load`] as if the file `overlay` names had its text (or were gone): what an edit would do
/// to the site, before it is written.
pub fn load_with(root: &Path, overlay: load::Overlay) -> Result<Loaded, Diagnostics> {
    let mut cache = Warm::once();
    cache.files.overlay = Some(Arc::new(overlay));
    load_cached(root, &mut cache)
}

/// [`load`], parsing and checking again only what changed since `warm` was filled.
pub fn load_cached(root: &Path, warm: &mut Warm) -> Result<Loaded, Diagnostics> {
    let (raw, mut diags) = timings::phase("read", || load::load_site_cached(root, &mut warm.files));
    let (theme, theme_diags) = timings::phase("theme", || Theme::load(&raw.dir));
    let dir = raw.dir.clone();
    diags.extend(theme_diags);
    let from_theme = timings::phase("card glyphs", || validate::FromTheme {
        icons: theme.icons.keys().map(String::as_str).collect(),
        // About 3 ms for the default theme's six fonts.
        card_glyphs: crate::print::card_glyphs(&theme),
    });
    let site = timings::phase("validate", || {
        validate::validate_with(raw, &from_theme, &mut warm.checked, &mut diags)
    });
    match site {
        Some(site) if !diags.has_errors() => {
            let locales = timings::phase("locales", || {
                Arc::new(Locales::load(&theme, &site.config, &mut diags))
            });
            // What the site as a whole lacks, said by every command that reads it (`build`
            // and `cards` as much as `check`): a service nobody to contact at, a page showing
            // an outdated translation.
            for d in crate::check::services_without_contacts(&site) {
                diags.push(d);
            }
            for d in crate::check::example_leftovers(&site) {
                diags.push(d);
            }
            let outdated = timings::phase("translations", || {
                crate::check::outdated_translations(&site)
            });
            for d in outdated {
                diags.push(d);
            }
            Ok(Loaded {
                dir,
                site,
                theme,
                locales,
                warnings: diags,
            })
        }
        _ => Err(failed(diags, "the site could not be loaded")),
    }
}

/// `diags` sorted for the report, with `fallback` as the error when none says what failed.
fn failed(mut diags: Diagnostics, fallback: &str) -> Diagnostics {
    if !diags.has_errors() {
        diags.push(Diagnostic::error(fallback));
    }
    diags.sort();
    diags
}

/// What rendering made, besides the files, which went to the sink.
#[derive(Debug, Default)]
pub struct Rendered {
    /// HTML pages made per language code (the chooser and the 404 page under `""`).
    pub pages: BTreeMap<String, usize>,
    /// Files made in all.
    pub files: usize,
    /// What rendering found that does not stop a build.
    pub warnings: Diagnostics,
}

/// The one list of what a site is made of, each output rendered into `sink` as it is made:
/// every page of every language with the vCards, large maps, chooser, 404 page and sitemap;
/// the search index; the open data; each language's pocket card and (unless
/// `GuideFiles::OnRequest`) each guide on paper; with `GuideFiles::Made` the guides'
/// recordings, copied from the site folder; robots.txt and the theme's static files; last, each language's offline worker and
/// manifest, which list and are versioned by the files before them. With a `selection` (the
/// preview after a change), only its pages and vCards, its guides' files, and the sitemap,
/// cards and open data when it says so. `Err` holds the errors and the warnings of
/// rendering; `Ok`'s warnings are in the result.
pub fn render(
    loaded: &Loaded,
    selection: Option<&Selection>,
    guide_files: GuideFiles,
    sink: &dyn Sink,
) -> Result<Rendered, Diagnostics> {
    let whole = selection.is_none();
    let with_cards = selection.is_none_or(|s| s.cards);
    let site = &loaded.site;
    let mut diags = Diagnostics::default();
    let Some(renderer) = timings::phase("templates", || {
        Renderer::new(site, &loaded.theme, loaded.locales.clone(), &mut diags)
    }) else {
        return Err(failed(diags, "the templates could not be compiled"));
    };
    // Each guide on paper beside its page: all of them, or those a selection names.
    let with_guides = site.config.guides_on_paper
        && guide_files != GuideFiles::OnRequest
        && selection.is_none_or(|s| {
            s.pages
                .iter()
                .any(|k| matches!(k, crate::render::PageKey::Guide(_)))
        });
    // Loading the fonts only when something is printed: not for a preview's other edits.
    let printer = (with_cards || with_guides)
        .then(|| timings::phase("fonts", || crate::print::Printer::new(&loaded.theme)))
        .flatten();
    let recorder = crate::render::offline::Recorder::new(sink);
    let sink: &dyn Sink = &recorder;
    let put = |file: OutputFile, diags: &mut Diagnostics| {
        if let Err(d) = sink.put(file) {
            diags.push(d);
        }
    };
    // The search index takes longest: it is started first, on this thread, which then helps
    // with the rest while it waits (a second `join` half waits until a worker is free, which
    // started the index half a second late). The pages, the open data and the cards are made
    // beside it.
    let index = || whole.then(|| timings::phase("search index", || search::index(site, sink)));
    let pages = || {
        timings::phase("pages", || {
            let mut d = Diagnostics::default();
            (renderer.pages(selection, sink, &mut d), d)
        })
    };
    let open_data =
        || with_cards.then(|| timings::phase("open data", || crate::render::hsds::files(site)));
    let cards = || {
        timings::phase("cards", || match &printer {
            Some(printer) if with_cards && printer.prints_cards() => print_cards(
                loaded,
                printer,
                &site.config.languages,
                &crate::print::CardRequest::default(),
            ),
            _ => Vec::new(),
        })
    };
    let guides = || {
        timings::phase("guides on paper", || match &printer {
            Some(printer) if with_guides && printer.prints_guides() => {
                print::site_guides(loaded, printer, selection, sink)
            }
            _ => Diagnostics::default(),
        })
    };
    let (index, ((pages, open_data), cards)) = rayon::join(index, || {
        rayon::join(
            || rayon::join(pages, open_data),
            || rayon::join(cards, guides),
        )
    });
    let (cards, guide_diags) = cards;
    diags.extend(guide_diags);
    if guide_files == GuideFiles::Made {
        timings::phase("recordings", || {
            diags.extend(print::recordings(loaded, selection, sink))
        });
    }
    let (pages, page_diags) = pages;
    diags.extend(page_diags);
    if let Some(Err(d)) = index {
        diags.push(d);
    }
    for f in open_data.into_iter().flatten() {
        put(f, &mut diags);
    }
    if whole && !printer.as_ref().is_some_and(|p| p.prints_cards()) {
        diags.push(
            Diagnostic::warning(
                "no pocket cards were printed: the theme has no card template or no fonts",
            )
            .help(
                "the site's pages link to each language's card.pdf; put back card/card.typ \
                 and at least one font in fonts/, or remove the site's own empty copies",
            ),
        );
    }
    for (lang, card) in cards {
        match card {
            Ok(pdf) => put(
                OutputFile {
                    path: format!("{}/card.pdf", lang.code),
                    bytes: pdf,
                },
                &mut diags,
            ),
            Err(d) => diags.push(d),
        }
    }
    if whole {
        put(renderer.robots(), &mut diags);
        for (path, bytes) in &loaded.theme.static_files {
            put(
                OutputFile {
                    path: path.clone(),
                    bytes: bytes.to_vec(),
                },
                &mut diags,
            );
        }
    }
    if diags.has_errors() {
        return Err(failed(diags, "the site could not be rendered"));
    }
    if whole {
        // Last: each language's service worker lists, and is versioned by, every file it keeps.
        let offline = timings::phase("offline", || {
            crate::render::offline::files(site, &recorder.kept())
        });
        for f in offline {
            put(f, &mut diags);
        }
        if diags.has_errors() {
            return Err(failed(diags, "the site could not be rendered"));
        }
    }
    Ok(Rendered {
        pages,
        files: recorder.files(),
        warnings: diags,
    })
}

/// Whether rendering makes each guide's files beside its page (the guide on paper, its
/// recordings copied from the site folder): a build and `check` do; the preview makes one
/// when it is asked for (`Preview::respond`), so that a save never waits for PDFs nobody looks
/// at, nor holds a town's recordings in memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GuideFiles {
    Made,
    /// `check`: the guides on paper are made (a template's mistake shows), the recordings not
    /// copied (a town's recordings would all be held in memory, and only their names are
    /// linked).
    Printed,
    OnRequest,
}

/// Every file of the site, in memory: what `check` reads and the preview serves.
pub fn render_in_memory(
    loaded: &Loaded,
    selection: Option<&Selection>,
    guide_files: GuideFiles,
) -> Result<(Rendered, Vec<OutputFile>), Diagnostics> {
    let files = Collect::default();
    let rendered = render(loaded, selection, guide_files, &files)?;
    Ok((rendered, files.into_files()))
}

/// Writes each file into the new version of the site folder as it is made.
struct ToDisk<'s>(&'s output::Staging);

impl Sink for ToDisk<'_> {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        self.0.put(&file).map_err(|e| {
            Diagnostic::error(format!(
                "cannot write `{}` into the new site: {e}",
                file.path
            ))
            .help("the previous version of the site is left as it was")
        })
    }
}

#[derive(Debug)]
pub struct BuildReport {
    pub pages: BTreeMap<String, usize>,
    pub files: usize,
    pub diagnostics: Diagnostics,
    pub elapsed: Duration,
}

/// Builds the site at `root` into `out`. On any error the previous `out` stays as it was and
/// the diagnostics come back in `Err`.
pub fn build(root: &Path, out: &Path) -> Result<BuildReport, Diagnostics> {
    let start = Instant::now();
    let mut loaded = timings::phase("load and check", || load(root))?;
    let mut diags = std::mem::take(&mut loaded.warnings);
    let cannot_write = |e: std::io::Error, mut diags: Diagnostics| {
        diags.push(
            Diagnostic::error(format!(
                "cannot write the site to `{}`: {}",
                out.display(),
                crate::diagnostics::io_words(&e)
            ))
            .help("the previous version of the site is left as it was"),
        );
        diags.sort();
        Err(diags)
    };
    let staging = match timings::phase("staging", || output::Staging::begin(out)) {
        Ok(s) => s,
        Err(e) => return cannot_write(e, diags),
    };
    // Rendering trusts the model: only a site without errors gets there.
    let rendered = match render(&loaded, None, GuideFiles::Made, &ToDisk(&staging)) {
        Ok(r) => r,
        Err(e) => {
            // Dropping the staging folder removes it: the previous site stays.
            diags.extend(e);
            diags.sort();
            return Err(diags);
        }
    };
    timings::phase("free the model", || drop(loaded));
    diags.extend(rendered.warnings);
    match timings::phase("write", || staging.finish()) {
        Ok(written) => {
            if let Some((old, e)) = written.old_left_at {
                diags.push(
                    Diagnostic::warning(format!(
                        "the new site is in `{}`, but the previous version could not be removed from `{}`: {e}",
                        out.display(),
                        old.display()
                    ))
                    .help("delete that folder by hand; the next build also tries again"),
                );
            }
        }
        Err(e) => return cannot_write(e, diags),
    }
    diags.sort();
    Ok(BuildReport {
        pages: rendered.pages,
        files: rendered.files,
        diagnostics: diags,
        elapsed: start.elapsed(),
    })
}

/// What `wegwijs check` found.
#[derive(Debug)]
pub struct CheckReport {
    pub diagnostics: Diagnostics,
    /// How current the translations are, when the site could be loaded.
    pub translations: Option<crate::translations::Report>,
    /// What is due for a check that it is still correct (`review_after` in site.yaml).
    pub overdue: Vec<crate::check::Overdue>,
}

/// Everything `build` validates plus links, anchors, images and services without contacts,
/// from a complete render kept in memory, and the translations' status: an outdated
/// translation is a warning.
pub fn check(root: &Path) -> CheckReport {
    let mut loaded = match load(root) {
        Ok(l) => l,
        Err(diags) => {
            return CheckReport {
                diagnostics: diags,
                translations: None,
                overdue: Vec::new(),
            };
        }
    };
    let mut diags = std::mem::take(&mut loaded.warnings);
    match render_in_memory(&loaded, None, GuideFiles::Printed) {
        Ok((rendered, files)) => {
            diags.extend(rendered.warnings);
            for d in crate::check::broken_links(&files) {
                diags.push(d);
            }
        }
        Err(e) => diags.extend(e),
    }
    let report = loaded.translations();
    diags.sort();
    let today = chrono::Utc::now().date_naive();
    CheckReport {
        diagnostics: diags,
        translations: Some(report),
        overdue: crate::check::overdue(&loaded.site, today),
    }
}
