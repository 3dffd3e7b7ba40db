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
use crate::validate;

/// A site loaded, checked and ready for any output: the site, the print cards, a preview.
pub struct Loaded {
    pub site: Site,
    pub theme: Theme,
    pub locales: Arc<Locales>,
}

/// Loads and validates the site at `root`. `Err` holds the diagnostics when there are errors;
/// warnings are added to `diags` either way.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Loaded> {
    load_cached(root, &mut load::LoadCache::default(), diags)
}

/// [`load`], parsing only the content files that changed since `cache` was filled.
pub fn load_cached(
    root: &Path,
    cache: &mut load::LoadCache,
    diags: &mut Diagnostics,
) -> Option<Loaded> {
    let (raw, load_diags) = load::load_site_cached(root, cache);
    diags.extend(load_diags);
    let (theme, theme_diags) = Theme::load(root);
    diags.extend(theme_diags);
    let icons: Vec<&str> = theme.icons.keys().map(String::as_str).collect();
    let site = validate::validate(raw, &icons, diags)?;
    let locales = Arc::new(Locales::load(&theme, &site.config, diags));
    Some(Loaded {
        site,
        theme,
        locales,
    })
}

/// Every file of the site: the pages and, when the theme can print, each language's card.
pub fn render(loaded: &Loaded, diags: &mut Diagnostics) -> Option<Rendered> {
    let renderer = Renderer::new(&loaded.site, &loaded.theme, loaded.locales.clone(), diags)?;
    let printer = crate::print::Printer::new(&loaded.theme);
    let (mut rendered, cards) = rayon::join(
        || {
            let mut d = Diagnostics::default();
            (renderer.render(&loaded.theme, &mut d), d)
        },
        || match &printer {
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
        },
    );
    diags.extend(rendered.1);
    for (lang, card) in cards {
        match card {
            Ok(pdf) => rendered.0.files.push(crate::render::OutputFile {
                path: format!("{}/card.pdf", lang.code),
                bytes: pdf,
            }),
            Err(d) => diags.push(d),
        }
    }
    // Last: each language's service worker lists, and is versioned by, every file it keeps.
    let offline = crate::render::offline::files(&loaded.site, &rendered.0.files);
    rendered.0.files.extend(offline);
    Some(rendered.0)
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
    let mut diags = Diagnostics::default();
    // Rendering trusts the model: only a site without errors gets there.
    let rendered = load(root, &mut diags)
        .filter(|_| !diags.has_errors())
        .and_then(|l| render(&l, &mut diags));
    let rendered = match rendered {
        Some(r) if !diags.has_errors() => r,
        _ => {
            if !diags.has_errors() {
                diags.push(Diagnostic::error("the site could not be built"));
            }
            diags.sort();
            return Err(diags);
        }
    };
    if let Err(e) = output::write_site(out, &rendered.files) {
        diags.push(Diagnostic::error(format!(
            "cannot write the site to `{}`: {e}",
            out.display()
        )));
        return Err(diags);
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
    let mut diags = Diagnostics::default();
    let fail = |mut diags: Diagnostics| {
        diags.sort();
        Err(diags)
    };
    let Some(loaded) = load(root, &mut diags).filter(|_| !diags.has_errors()) else {
        return fail(diags);
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
    let suffix = if request.contacts.is_some() {
        "-personal"
    } else {
        ""
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

/// What `wegwijs check` found.
#[derive(Debug)]
pub struct CheckReport {
    pub diagnostics: Diagnostics,
    /// How current the translations are, when the site could be loaded.
    pub translations: Option<crate::translations::Report>,
}

/// Everything `build` validates plus links, anchors, images and services without contacts,
/// from a complete render kept in memory, and the translations' status: an outdated
/// translation is a warning.
pub fn check(root: &Path) -> CheckReport {
    let mut diags = Diagnostics::default();
    let Some(loaded) = load(root, &mut diags).filter(|_| !diags.has_errors()) else {
        diags.sort();
        return CheckReport {
            diagnostics: diags,
            translations: None,
        };
    };
    if let Some(rendered) = render(&loaded, &mut diags) {
        for d in crate::check::broken_links(&rendered.files) {
            diags.push(d);
        }
    }
    for d in crate::check::services_without_contacts(&loaded.site) {
        diags.push(d);
    }
    let report = crate::translations::report(&loaded.site);
    for d in crate::check::outdated_translations(&loaded.site, &report) {
        diags.push(d);
    }
    diags.sort();
    CheckReport {
        diagnostics: diags,
        translations: Some(report),
    }
}
