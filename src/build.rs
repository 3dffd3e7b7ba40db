//! The pipeline from a site folder to a published folder: load → validate → render → write.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Locales;
use crate::load::{self, Theme};
use crate::model::Site;
use crate::output;
use crate::render::{Rendered, Renderer};
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
    /// How current the translations are (its outdated ones are among the warnings).
    pub translations: crate::translations::Report,
}

/// Loads and validates the site at `root`: the site without errors, or every problem found
/// (errors and warnings, in file order).
pub fn load(root: &Path) -> Result<Loaded, Diagnostics> {
    load_cached(root, &mut Warm::once())
}

/// What one load of a site leaves for the next one to reuse: the parsed files, and the
/// guides as checked. The preview keeps one between saves.
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
    /// For a load that is not followed by another (`build`, `check`, `cards`): the guides are
    /// not copied into a memo.
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
            let report = timings::phase("translations", || crate::translations::report(&site));
            for d in crate::check::outdated_translations(&site, &report) {
                diags.push(d);
            }
            Ok(Loaded {
                translations: report,
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

/// Every file of the site: the pages and, when the theme can print, each language's card.
/// `Err` holds the errors and the warnings of rendering; `Ok`'s warnings are in the result.
pub fn render(loaded: &Loaded) -> Result<Rendered, Diagnostics> {
    let mut diags = Diagnostics::default();
    let Some(renderer) = Renderer::new(
        &loaded.site,
        &loaded.theme,
        loaded.locales.clone(),
        &mut diags,
    ) else {
        return Err(failed(diags, "the templates could not be compiled"));
    };
    let printer = crate::print::Printer::new(&loaded.theme);
    let (mut rendered, cards) = rayon::join(
        || {
            let mut d = Diagnostics::default();
            (renderer.render(&loaded.theme, &mut d), d)
        },
        || {
            timings::phase("cards", || match &printer {
                Some(printer) => {
                    let langs = &loaded.site.config.languages;
                    print_cards(
                        loaded,
                        printer,
                        langs,
                        &crate::print::CardRequest::default(),
                    )
                }
                None => Vec::new(),
            })
        },
    );
    diags.extend(rendered.1);
    if printer.is_none() {
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
            Ok(pdf) => rendered.0.files.push(crate::render::OutputFile {
                path: format!("{}/card.pdf", lang.code),
                bytes: pdf,
            }),
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(failed(diags, "the site could not be rendered"));
    }
    // Last: each language's service worker lists, and is versioned by, every file it keeps.
    let offline = timings::phase("offline", || {
        crate::render::offline::files(&loaded.site, &rendered.0.files)
    });
    rendered.0.files.extend(offline);
    rendered.0.warnings = diags;
    Ok(rendered.0)
}

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
    // Rendering trusts the model: only a site without errors gets there.
    let rendered = match render(&loaded) {
        Ok(r) => r,
        Err(e) => {
            diags.extend(e);
            diags.sort();
            return Err(diags);
        }
    };
    timings::phase("free the model", || drop(loaded));
    diags.extend(rendered.warnings);
    match timings::phase("write", || output::write_site(out, &rendered.files)) {
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
        Err(e) => {
            diags.push(
                Diagnostic::error(format!("cannot write the site to `{}`: {e}", out.display()))
                    .help("the previous version of the site is left as it was"),
            );
            return Err(diags);
        }
    }
    diags.sort();
    Ok(BuildReport {
        pages: rendered.pages,
        files: rendered.files.len(),
        diagnostics: diags,
        elapsed: start.elapsed(),
    })
}

/// What `wegwijs cards` wrote.
#[derive(Debug)]
pub struct CardsReport {
    pub files: Vec<std::path::PathBuf>,
    pub diagnostics: Diagnostics,
    pub elapsed: Duration,
}

/// Prints the pocket card of the site at `root` for `langs` (every site language when empty)
/// into the folder `out`, one `card-<lang>.pdf` each. Nothing is written unless every card
/// succeeds.
pub fn cards(
    root: &Path,
    out: &Path,
    langs: &[String],
    request: &crate::print::CardRequest,
) -> Result<CardsReport, Diagnostics> {
    let start = Instant::now();
    // What is said about the guides is said by `check` and `build`; a card shows none of them.
    let mut without_guides = Warm::once();
    without_guides.files.scope = load::Scope::WithoutGuides;
    let mut loaded = timings::phase("load and check", || load_cached(root, &mut without_guides))?;
    let mut diags = std::mem::take(&mut loaded.warnings);
    let fail = |mut diags: Diagnostics| {
        diags.sort();
        Err(diags)
    };
    let site = &loaded.site;
    let mut targets = Vec::new();
    for code in langs {
        match crate::model::Lang::parse(code)
            .ok()
            .and_then(|l| site.config.lang(&l).cloned())
        {
            Some(info) => targets.push(info),
            None => diags.push(
                Diagnostic::error(format!("`{code}` is not one of the site's languages"))
                    .help("use a code listed under `languages:` in site.yaml"),
            ),
        }
    }
    if langs.is_empty() {
        targets = site.config.languages.clone();
    }
    let Some(printer) = crate::print::Printer::new(&loaded.theme) else {
        diags.push(Diagnostic::error(
            "the theme has no card template or no fonts",
        ));
        return fail(diags);
    };
    if diags.has_errors() {
        return fail(diags);
    }
    let mut pdfs = Vec::new();
    for (lang, r) in print_cards(&loaded, &printer, &targets, request) {
        match r {
            Ok(pdf) => pdfs.push((lang, pdf)),
            Err(d) => diags.push(d),
        }
    }
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
    let mut files = Vec::new();
    if let Err(e) = std::fs::create_dir_all(out) {
        diags.push(Diagnostic::error(format!(
            "cannot create `{}`: {e}",
            out.display()
        )));
        return fail(diags);
    }
    for (lang, pdf) in pdfs {
        let path = out.join(format!("card-{}{suffix}.pdf", lang.code));
        if let Err(e) = output::write_file_atomic(&path, &pdf) {
            diags.push(Diagnostic::error(format!(
                "cannot write `{}`: {e}",
                path.display()
            )));
            return fail(diags);
        }
        files.push(path);
    }
    diags.sort();
    Ok(CardsReport {
        files,
        diagnostics: diags,
        elapsed: start.elapsed(),
    })
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
    match render(&loaded) {
        Ok(rendered) => {
            diags.extend(rendered.warnings);
            for d in crate::check::broken_links(&rendered.files) {
                diags.push(d);
            }
        }
        Err(e) => diags.extend(e),
    }
    let report = loaded.translations;
    diags.sort();
    let today = chrono::Utc::now().date_naive();
    CheckReport {
        diagnostics: diags,
        translations: Some(report),
        overdue: crate::check::overdue(&loaded.site, today),
    }
}
