//! Input no staff member means to write, made by the test: links out of the site folder, files
//! of megabytes, thousands of keys, invisible direction controls, pasted HTML. Each ends in a
//! located error or a cleaned output with a located warning — never a panic, a changed value
//! or a file from outside the site.

mod common;

use std::fs;
use std::path::Path;

use common::*;
use wegwijs::diagnostics::{Diagnostics, Severity};

/// The valid fixture in a temporary folder, changed by `edit`.
fn site(edit: impl FnOnce(&Path)) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixtures().join("valid"), &site);
    edit(&site);
    (tmp, site)
}

/// The location and message of every diagnostic of `severity`.
fn of(diags: &Diagnostics, severity: Severity) -> Vec<(String, String)> {
    diags
        .iter()
        .filter(|d| d.severity == severity)
        .map(|d| (d.location().unwrap_or_default(), d.message.clone()))
        .collect()
}

fn errors(diags: &Diagnostics) -> Vec<(String, String)> {
    of(diags, Severity::Error)
}

fn warnings(diags: &Diagnostics) -> Vec<(String, String)> {
    of(diags, Severity::Warning)
}

#[cfg(unix)]
#[test]
fn links_out_of_the_site_folder_are_refused_and_loops_reported() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.nl.md");
    fs::write(
        &secret,
        "---\ntitle: Geheim\nsummary: Van buiten.\ncategory: health\n---\nGEHEIM\n",
    )
    .unwrap();
    let (tmp, site) = site(|s| {
        symlink(&secret, s.join("guides/secret.nl.md")).unwrap();
        symlink(s.join("guides/loop.nl.md"), s.join("guides/loop.nl.md")).unwrap();
    });
    let out = tmp.path().join("out");
    let diags = wegwijs::build::build(&site, &out).unwrap_err();
    let errors = errors(&diags);
    assert!(
        errors.iter().any(|(at, m)| at == "guides/secret.nl.md:1:1"
            && m.starts_with("`guides/secret.nl.md` is a link to")
            && m.ends_with("outside the site folder")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|(_, m)| m.contains("`guides/loop.nl.md` is a link that leads back to itself")),
        "{errors:?}"
    );
    assert!(!out.exists());
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let (tmp, site) = site(|s| {
        // 50 MB of valid YAML: a comment line repeated.
        let line = "# ".to_owned() + &"x".repeat(98) + "\n";
        fs::write(s.join("contacts/huge.yaml"), line.repeat(500_000)).unwrap();
    });
    let diags = wegwijs::build::build(&site, &tmp.path().join("out")).unwrap_err();
    let errors = errors(&diags);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0]
            .1
            .contains("`contacts/huge.yaml` is too large: 48.2 MB (at most 2 MB)"),
        "{errors:?}"
    );
    // A site may raise the limit.
    let text = fs::read_to_string(site.join("site.yaml")).unwrap();
    fs::write(
        site.join("site.yaml"),
        format!("{text}max_file_size: 60 MB\n"),
    )
    .unwrap();
    let diags = wegwijs::build::build(&site, &tmp.path().join("out")).unwrap_err();
    assert!(
        errors_of(&diags).iter().all(|m| !m.contains("too large")),
        "{diags:?}"
    );
}

fn errors_of(diags: &Diagnostics) -> Vec<String> {
    errors(diags).into_iter().map(|(_, m)| m).collect()
}

#[test]
fn thousands_of_language_keys_end_in_a_short_report() {
    let (tmp, site) = site(|s| {
        let keys: String = (0..20_000).map(|i| format!("  x{i}: a\n")).collect();
        let gp = fs::read_to_string(s.join("services/gp.yaml"))
            .unwrap()
            .replace(
                "name: {nl: Huisarts, en: GP, ar: طبيب العائلة, so: Dhakhtarka qoyska}",
                &format!("name:\n  nl: Huisarts\n{keys}"),
            );
        fs::write(s.join("services/gp.yaml"), gp).unwrap();
    });
    let diags = wegwijs::build::build(&site, &tmp.path().join("out")).unwrap_err();
    let errors = errors(&diags);
    assert_eq!(
        errors.len(),
        Diagnostics::MAX_PER_FILE + 1,
        "one line for the rest"
    );
    assert_eq!(errors[0].0, "services/gp.yaml:4:3");
    assert!(errors.last().unwrap().1.contains("19950 more problem(s)"));
    diags.render(false);
}

#[test]
fn an_unknown_link_after_megabytes_of_text_is_located() {
    let (tmp, site) = site(|s| {
        let path = s.join("guides/welcome.nl.md");
        let mut text = fs::read_to_string(&path).unwrap();
        text.push('\n');
        text.push_str(&"woord ".repeat(300_000));
        text.push_str("[x](service:nergens)\n");
        fs::write(path, text).unwrap();
    });
    let diags = wegwijs::build::build(&site, &tmp.path().join("out")).unwrap_err();
    let errors = errors(&diags);
    assert_eq!(
        errors,
        [(
            "guides/welcome.nl.md:14:1800001".to_owned(),
            "link to unknown service `nergens`".to_owned()
        )]
    );
    let report = diags.render(false);
    assert!(report.contains("[x](service:nergens)") && report.len() < 20_000);
}

#[test]
fn direction_controls_are_removed_from_what_readers_see_with_a_warning() {
    let (tmp, site) = site(|s| {
        let path = s.join("contacts/amina.yaml");
        let text = fs::read_to_string(&path)
            .unwrap()
            .replace("name: Amina Warsame", "name: Amina \u{202e}emasraW\u{202c}");
        fs::write(path, text).unwrap();
    });
    let out = tmp.path().join("out");
    let report = wegwijs::build::build(&site, &out).unwrap();
    let warnings = warnings(&report.diagnostics);
    assert!(
        warnings.contains(&(
            "contacts/amina.yaml:2:13".to_owned(),
            "invisible direction control U+202E (RIGHT-TO-LEFT OVERRIDE) removed from `Amina emasraW`"
                .to_owned()
        )),
        "{warnings:?}"
    );
    for file in [
        "nl/contacts/index.html",
        "nl/contacts/amina.vcf",
        "open-data/hsds/nl/services.json",
    ] {
        let text = fs::read_to_string(out.join(file)).unwrap();
        assert!(text.contains("Amina emasraW"), "{file}");
        assert!(
            !text.contains('\u{202e}') && !text.contains('\u{202c}'),
            "{file}"
        );
    }
}

#[test]
fn html_the_page_leaves_out_is_reported_where_it_is_written() {
    let (tmp, site) = site(|_| {});
    let report = wegwijs::build::build(&site, &tmp.path().join("out")).unwrap();
    let warnings = warnings(&report.diagnostics);
    let removed: Vec<(&str, &str)> = warnings
        .iter()
        .filter(|(_, m)| m.starts_with("removed from the page"))
        .map(|(at, m)| (at.as_str(), m.as_str()))
        .collect();
    assert_eq!(
        removed,
        [
            (
                "guides/welcome.nl.md:11:1",
                "removed from the page: the `onclick` attribute of `<p>`"
            ),
            (
                "guides/welcome.nl.md:11:27",
                "removed from the page: `<script>` and its content"
            ),
            (
                "guides/welcome.nl.md:12:1",
                "removed from the page: the image from another website `https://tracker.example/pixel.gif`"
            ),
        ]
    );
}

#[test]
fn characters_the_card_fonts_cannot_draw_are_reported_where_they_are_written() {
    let (tmp, site) = site(|s| {
        edit(
            &s.join("contacts/amina.yaml"),
            "name: Amina Warsame",
            "name: Amina Warsame 🌟",
        );
        // Farsi with its zero-width non-joiner, Tigrinya, an emoji with a variation selector.
        edit(
            &s.join("contacts/amina.yaml"),
            "  ar: [التسجيل لدى طبيب العائلة]\n",
            "  ar: [التسجيل لدى طبيب العائلة]\n  fa: [ثبت\u{200c}نام نزد پزشک]\n  ti: [ምዝገባ ☎\u{fe0f}]\n",
        );
        // Only the card's texts: a description is on the website only.
        edit(
            &s.join("services/gp.yaml"),
            "en: The GP.,",
            "en: The GP 🩺.,",
        );
        edit(
            &s.join("services/gp.yaml"),
            "street: Dorpsstraat 1,",
            "street: Dorpsstraat 1 ✉,",
        );
    });
    let report = wegwijs::build::build(&site, &tmp.path().join("out")).unwrap();
    let glyphs: Vec<(String, String)> = warnings(&report.diagnostics)
        .into_iter()
        .filter(|(_, m)| m.contains("cannot be printed on the pocket card"))
        .collect();
    let expected = |at: &str, c: &str, code: &str| {
        (
            at.to_owned(),
            format!(
                "`{c}` ({code}) cannot be printed on the pocket card: none of the card's fonts has it"
            ),
        )
    };
    assert_eq!(
        glyphs,
        [
            expected("contacts/amina.yaml:2:21", "🌟", "U+1F31F"),
            expected("contacts/amina.yaml:14:13", "☎", "U+260E"),
            expected("services/gp.yaml:5:33", "✉", "U+2709"),
        ]
    );
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} in {}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}
