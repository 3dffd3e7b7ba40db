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
    let (raw, load_diags) = load::load_site(root);
    diags.extend(load_diags);
    let (theme, theme_diags) = Theme::load(root);
    diags.extend(theme_diags);
    let site = validate::validate(raw, diags)?;
    let locales = Arc::new(Locales::load(&theme, &site.config, diags));
    Some(Loaded {
        site,
        theme,
        locales,
    })
}

pub fn render(loaded: &Loaded, diags: &mut Diagnostics) -> Option<Rendered> {
    let renderer = Renderer::new(&loaded.site, &loaded.theme, loaded.locales.clone(), diags)?;
    Some(renderer.render(&loaded.theme, diags))
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
