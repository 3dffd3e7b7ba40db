//! The theme (templates, static files) and UI strings: built into the binary, and any file of
//! them replaceable by a file at the same path in the site folder.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use rust_embed::RustEmbed;

use super::files::{FileKind, SiteDir};
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};

#[derive(RustEmbed)]
#[folder = "themes/default/"]
struct DefaultTheme;

#[derive(RustEmbed)]
#[folder = "locales/"]
struct DefaultLocales;

/// Whether wegwijs has its own UI strings in the language `code` (a site's file of the same
/// name replaces one of them whole).
pub fn has_builtin_locale(code: &str) -> bool {
    DefaultLocales::iter().any(|p| p.split('/').next() == Some(code))
}

/// A text file of the theme or of the locales.
pub type ThemeFile = Arc<SourceFile>;

#[derive(Debug, Default)]
pub struct Theme {
    /// Tera templates by name (`page.html`).
    pub templates: BTreeMap<String, ThemeFile>,
    /// Files copied to the output as they are, by path relative to the output root.
    pub static_files: BTreeMap<String, Arc<[u8]>>,
    /// Fluent files per language code, by file name.
    pub locales: BTreeMap<String, BTreeMap<String, ThemeFile>>,
    /// The Typst template of the pocket card.
    pub card: Option<ThemeFile>,
    /// The Typst template of a guide on paper (`print/guide.typ`).
    pub guide: Option<ThemeFile>,
    /// Font files for the card, by file name.
    pub fonts: BTreeMap<String, Arc<[u8]>>,
    /// Category pictograms by name (`health` for `icons/health.svg`).
    pub icons: BTreeMap<String, super::Icon>,
}

impl Theme {
    /// Whether guides are printed (and their pages link to the PDF): a guide template and
    /// fonts to set it in.
    pub fn prints_guides(&self) -> bool {
        self.guide.is_some() && !self.fonts.is_empty()
    }

    /// The built-in theme with the site's own `templates/`, `static/` and `locales/` laid over it.
    pub fn load(site: &SiteDir) -> (Theme, Diagnostics) {
        let site_root = &site.root;
        let mut diags = Diagnostics::default();
        let mut theme = Theme::default();
        for path in DefaultTheme::iter() {
            let data = DefaultTheme::get(&path).expect("listed by iter").data;
            theme.add(&path, data.into_owned(), true, &mut diags);
        }
        for path in DefaultLocales::iter() {
            let data = DefaultLocales::get(&path).expect("listed by iter").data;
            theme.add(
                &format!("locales/{path}"),
                data.into_owned(),
                true,
                &mut diags,
            );
        }
        for dir in [
            "templates",
            "static",
            "locales",
            "card",
            "print",
            "fonts",
            "icons",
        ] {
            // Links are not followed into folders; a link to a file is read, and refused when
            // it leads outside the site.
            for entry in walkdir::WalkDir::new(site_root.join(dir))
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file() || e.file_type().is_symlink())
            {
                let rel = site.shown(entry.path());
                let kind = if dir == "fonts" || dir == "static" {
                    FileKind::Binary
                } else {
                    FileKind::Text
                };
                match site.read(entry.path(), kind) {
                    Ok(data) => theme.add(&rel, data, false, &mut diags),
                    Err(d) => diags.push(d),
                }
            }
        }
        (theme, diags)
    }

    fn add(&mut self, path: &str, data: Vec<u8>, builtin: bool, diags: &mut Diagnostics) {
        let mut text_file = |data: Vec<u8>| -> Option<ThemeFile> {
            let shown = if builtin {
                format!("(built-in) {path}")
            } else {
                path.to_owned()
            };
            super::files::text_file(shown, data)
                .map_err(|d| diags.push(d))
                .ok()
        };
        if let Some(name) = path.strip_prefix("templates/") {
            if let Some(f) = text_file(data) {
                self.templates.insert(name.to_owned(), f);
            }
        } else if let Some(rest) = path.strip_prefix("static/") {
            self.static_files.insert(rest.to_owned(), data.into());
        } else if let Some(rest) = path.strip_prefix("locales/") {
            match rest.split_once('/') {
                Some((lang, name)) if name.ends_with(".ftl") && !name.contains('/') => {
                    if let Some(f) = text_file(data) {
                        self.locales
                            .entry(lang.to_owned())
                            .or_default()
                            .insert(name.to_owned(), f);
                    }
                }
                _ => diags.push(
                    Diagnostic::warning(format!("ignored `{path}`"))
                        .help("UI strings go in `locales/<language code>/<name>.ftl`"),
                ),
            }
        } else if let Some(name) = path
            .strip_prefix("icons/")
            .and_then(|n| n.strip_suffix(".svg"))
            .filter(|n| !n.contains('/'))
        {
            if let Some(f) = text_file(data) {
                match super::Icon::parse(&f.text) {
                    Ok(icon) => {
                        self.icons.insert(name.to_owned(), icon);
                    }
                    Err(e) => {
                        let d = Diagnostic::error(format!("icon `{name}`: {}", e.message))
                            .help("an icon is an SVG of plain shapes (path, circle, rect, …) with a viewBox");
                        diags.push(match e.at {
                            Some(at) => d.at(&f, at),
                            None => d.in_file(&f),
                        })
                    }
                }
            }
        } else if path == "card/card.typ" {
            self.card = text_file(data);
        } else if path == "print/guide.typ" {
            self.guide = text_file(data);
        } else if let Some(name) = path
            .strip_prefix("fonts/")
            .filter(|n| n.ends_with(".ttf") || n.ends_with(".otf"))
        {
            self.fonts.insert(name.to_owned(), data.into());
        }
        // Other theme files (the README, font licences) are not part of the site.
    }
}

#[derive(RustEmbed)]
#[folder = "content/"]
#[exclude = "public/*"]
#[exclude = "cards/*"]
struct ExampleSite;

/// Writes the example site into `dir`, which must be empty or not exist yet.
pub fn write_example_site(dir: &Path) -> std::io::Result<usize> {
    if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!("`{}` is not empty; choose a new folder", dir.display()),
        ));
    }
    let mut count = 0;
    for path in ExampleSite::iter() {
        let file = ExampleSite::get(&path).expect("listed by iter");
        let target = dir.join(path.as_ref());
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(target, file.data)?;
        count += 1;
    }
    Ok(count)
}
