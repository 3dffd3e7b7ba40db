//! What the fuzz targets share: a copy of the valid test site in a temporary folder, one file
//! of which each input replaces before the site is loaded and validated as `build` does it.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use wegwijs::diagnostics::Diagnostics;
use wegwijs::load::{SiteDir, Theme};
use wegwijs::model::Site;
use wegwijs::validate::{FromTheme, validate};

/// The fixture the inputs are put into: small, valid, with every kind of file.
pub fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/sites/valid")
}

struct Sandbox {
    root: PathBuf,
    theme: Theme,
}

/// The fixture copied once per process; the theme loaded once (it does not change).
fn sandbox() -> &'static Sandbox {
    static SANDBOX: OnceLock<Sandbox> = OnceLock::new();
    SANDBOX.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("wegwijs-fuzz-{}", std::process::id()));
        copy_dir(&fixture(), &root);
        let (theme, _) = Theme::load(&SiteDir::new(&root));
        Sandbox { root, theme }
    })
}

/// The site folder of this process.
pub fn site_root() -> &'static Path {
    &sandbox().root
}

/// Puts the fixture's files back (after an input that an import wrote into the site).
pub fn reset() {
    let root = &sandbox().root;
    let _ = std::fs::remove_dir_all(root);
    copy_dir(&fixture(), root);
}

/// Loads and validates the site with `data` as its file `path` (relative to the site folder),
/// the file as it was put back afterwards. Never panics unless wegwijs does.
pub fn with_file(path: &str, data: &[u8]) -> Result<Site, Diagnostics> {
    let sb = sandbox();
    let file = sb.root.join(path);
    let original = std::fs::read(fixture().join(path)).ok();
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent).expect("the sandbox is writable");
    }
    std::fs::write(&file, data).expect("the sandbox is writable");
    let result = load(&sb.root);
    match original {
        Some(bytes) => std::fs::write(&file, bytes).expect("the sandbox is writable"),
        None => std::fs::remove_file(&file).expect("the sandbox is writable"),
    }
    result
}

/// `build::load` without reading the theme again: load, validate, the diagnostics as `build`
/// reports them.
pub fn load(root: &Path) -> Result<Site, Diagnostics> {
    let sb = sandbox();
    let (raw, mut diags) = wegwijs::load::load_site(root);
    let from_theme = FromTheme {
        icons: sb.theme.icons.keys().map(String::as_str).collect(),
        card_glyphs: card_glyphs(&sb.theme),
    };
    let site = validate(raw, &from_theme, &mut diags);
    // Rendering a report must not panic either (long lines, odd spans).
    let _ = diags.render(false);
    match site {
        Some(site) if !diags.has_errors() => Ok(site),
        _ => Err(diags),
    }
}

fn card_glyphs(theme: &Theme) -> Option<wegwijs::model::Glyphs> {
    static GLYPHS: OnceLock<Option<wegwijs::model::Glyphs>> = OnceLock::new();
    GLYPHS
        .get_or_init(|| wegwijs::print::card_glyphs(theme))
        .clone()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("the sandbox is writable");
    for entry in std::fs::read_dir(from).expect("the fixture is there") {
        let entry = entry.expect("the fixture is readable");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("the sandbox is writable");
        }
    }
}
