//! Guides on paper: the PDFs beside each guide's page and `wegwijs print guides`, checked
//! through poppler's pdftotext and pdfinfo, as a printer and a reader copying text see them.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use wegwijs::build::{GuidesRequest, Stack};
use wegwijs::print::Paper;

/// The text of `pdf` on one line, without poppler's direction marks.
fn flat(pdf: &Path) -> String {
    tool("pdftotext", &[], pdf)
        .replace(['\u{202a}', '\u{202b}', '\u{202c}'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `(pages, width, height)` in points.
fn info(pdf: &Path) -> (usize, f64, f64) {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    let info = String::from_utf8_lossy(&out.stdout).to_string();
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .unwrap_or_else(|| panic!("{name} in {info}"))
            .trim()
            .to_owned()
    };
    let pages = field("Pages:").parse().unwrap();
    let size = field("Page size:");
    let mut dims = size.split_whitespace();
    let w = dims.next().unwrap().parse().unwrap();
    let h = dims.nth(1).unwrap().parse().unwrap();
    (pages, w, h)
}

fn print(site: &Path, out: &Path, request: &GuidesRequest) -> Vec<PathBuf> {
    wegwijs::build::guides(site, out, request)
        .unwrap_or_else(|d| panic!("print guides failed:\n{}", d.render(false)))
        .files
}

fn a_site(tmp: &Path) -> PathBuf {
    let site = tmp.join("site");
    copy_dir(&fixtures().join("valid"), &site);
    site
}

#[test]
fn every_example_guide_prints_in_every_language() {
    let tmp = tempfile::tempdir().unwrap();
    let files = print(
        &example_site(),
        tmp.path(),
        &GuidesRequest {
            stack: Stack::PerGuide,
            ..Default::default()
        },
    );
    assert_eq!(files.len(), 6 * 5, "{files:?}");
    for pdf in &files {
        let name = pdf.file_name().unwrap().to_string_lossy().to_string();
        let (pages, w, h) = info(pdf);
        assert!((1..=3).contains(&pages), "{name}: {pages} pages");
        assert!(
            (w - 595.3).abs() < 1.0 && (h - 841.9).abs() < 1.0,
            "{name}: A4 portrait, {w}x{h}"
        );
        let lang = name.trim_end_matches(".pdf").rsplit('-').next().unwrap();
        let id = name
            .trim_start_matches("guide-")
            .trim_end_matches(&format!("-{lang}.pdf"));
        // A guide not yet translated prints in Dutch.
        let file = [lang, "nl"]
            .map(|l| example_site().join(format!("guides/{id}.{l}.md")))
            .into_iter()
            .find(|f| f.exists())
            .unwrap();
        let title = std::fs::read_to_string(file)
            .unwrap()
            .lines()
            .find_map(|l| l.strip_prefix("title: ").map(str::to_owned))
            .unwrap();
        let text = flat(pdf);
        // The title copies out as written, in every script, with the page it comes from.
        assert!(text.contains(&title), "{name}: `{title}` in {text}");
        assert!(
            text.contains(&format!("welkom.lindewaard.example/{lang}/guides/{id} ")),
            "{name}: {text}"
        );
    }
    let ti = flat(&tmp.path().join("guide-first-week-ti.pdf"));
    assert!(ti.contains("ቀዳማይ ሰሙንካ ኣብ ሊንደዋርድ"), "{ti}");
    // The services the guide names, with their numbers; the contacts with theirs.
    let nl = flat(&tmp.path().join("guide-first-week-nl.pdf"));
    for shown in [
        "Instanties",
        "0341 700 100",
        "Wie kan u helpen",
        "Amira Haddad",
        "06 12 34 56 01",
    ] {
        assert!(nl.contains(shown), "{shown} in {nl}");
    }
}

#[test]
fn arabic_guides_read_right_to_left_with_numbers_left_to_right() {
    let tmp = tempfile::tempdir().unwrap();
    let files = print(
        &example_site(),
        tmp.path(),
        &GuidesRequest {
            langs: vec!["ar".into()],
            guides: vec!["first-week".into()],
            stack: Stack::PerGuide,
            ..Default::default()
        },
    );
    let words = words(&files[0]);
    let at = |w: &str| {
        words
            .iter()
            .find(|(_, _, x)| x == w)
            .unwrap_or_else(|| panic!("`{w}` in {words:?}"))
            .clone()
    };
    // The numbered list: its numbers on the right of their lines (poppler gives "1" and "."
    // as words of their own).
    let (x1, y1, _) = words
        .iter()
        .find(|(_, y, w)| w == "1" && *y < 400.0)
        .unwrap_or_else(|| panic!("the list's 1 in {words:?}"))
        .clone();
    let line: Vec<_> = words
        .iter()
        .filter(|(_, y, _)| (y - y1).abs() < 4.0)
        .collect();
    assert!(line.len() > 3, "{line:?}");
    assert!(
        line.iter().all(|(x, _, w)| w == "1" || *x < x1),
        "the number 1 is the rightmost word of its line: {line:?}"
    );
    // Amira's number, 06 12 34 56 01: its groups in that order from left to right.
    let (_, y, _) = at("01");
    let mut line: Vec<_> = words
        .iter()
        .filter(|(_, y2, _)| (y2 - y).abs() < 1.0)
        .collect();
    line.sort_by(|a, b| a.0.total_cmp(&b.0));
    let texts: Vec<&str> = line.iter().map(|(_, _, w)| w.as_str()).collect();
    assert!(
        texts
            .windows(5)
            .any(|w| w == ["06", "12", "34", "56", "01"]),
        "{texts:?}"
    );
    // The date in the footer reads 2026-12-02, not 02-12-2026.
    let mut footer: Vec<_> = words.iter().filter(|(_, y, _)| *y > 780.0).collect();
    footer.sort_by(|a, b| a.0.total_cmp(&b.0));
    let footer: String = footer.iter().map(|(_, _, w)| w.as_str()).collect();
    let today = chrono::Utc::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    assert!(footer.contains(&today), "{today} in {footer}");
    // Copied out, the text comes in the order it was written.
    let text = flat(&files[0]);
    for written in [
        "أسبوعك الأول في ليندفارد",
        "تعرّف على مديرة ملفك",
        "مجلس اللاجئين",
    ] {
        assert!(text.contains(written), "{written} in {text}");
    }
}

#[test]
fn a_right_to_left_table_starts_on_the_right_and_markup_prints_as_written() {
    let tmp = tempfile::tempdir().unwrap();
    let site = a_site(tmp.path());
    std::fs::write(
        site.join("guides/welcome.ar.md"),
        "---\ntitle: مرحباً\nsummary: البداية.\n---\n\
         | الأول | الثاني |\n|---|---|\n| ألف | باء |\n\n\
         [الموقع](https://www.gemeente.example/afval/) و [البريد](mailto:info@gemeente.example).\n",
    )
    .unwrap();
    let nl = std::fs::read_to_string(site.join("guides/welcome.nl.md")).unwrap();
    std::fs::write(
        site.join("guides/welcome.nl.md"),
        format!("{nl}\n#set page(width: 2cm) $x$ ] #panic(\"x\") `#import \"/etc/passwd\"`\n"),
    )
    .unwrap();
    let files = print(
        &site,
        &tmp.path().join("out"),
        &GuidesRequest {
            langs: vec!["ar".into(), "nl".into()],
            ..Default::default()
        },
    );
    let (_, w, h) = info(&files[0]);
    assert!(
        (w - 595.3).abs() < 1.0 && (h - 841.9).abs() < 1.0,
        "{w}x{h}"
    );
    let words = words(&files[0]);
    // pdftotext -bbox gives a right-to-left word's letters in the order they are drawn.
    let x = |w: &str| {
        let drawn: String = w.chars().rev().collect();
        words
            .iter()
            .find(|(_, _, x)| *x == drawn)
            .unwrap_or_else(|| panic!("`{w}` in {words:?}"))
            .0
    };
    assert!(x("الأول") > x("الثاني"), "the first column is on the right");
    assert!(x("ألف") > x("باء"));
    let nl = flat(&files[1]);
    assert!(
        nl.contains("#set page(width: 2cm) $x$ ] #panic(\"x\") #import \"/etc/passwd\""),
        "{nl}"
    );
    let text = flat(&files[0]);
    // A link's words, its web address as a footnote, an e-mail address after the words.
    assert!(text.contains("gemeente.example/afval"), "{text}");
    assert!(text.contains("info@gemeente.example"), "{text}");
}

#[test]
fn the_site_has_each_guide_on_paper_beside_its_page() {
    let tmp = tempfile::tempdir().unwrap();
    let site = a_site(tmp.path());
    let out = tmp.path().join("public");
    wegwijs::build::build(&site, &out).unwrap_or_else(|d| panic!("{}", d.render(false)));
    for lang in ["nl", "en", "ar", "ti", "fa", "so"] {
        let pdf = out.join(format!("{lang}/guides/welcome/guide.pdf"));
        assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"), "{lang}");
        let page = page(&out, &format!("{lang}/guides/welcome/index.html"));
        let links = select(&page, "a[href='guide.pdf']");
        assert_eq!(links.len(), 1, "{lang}: one link to the guide on paper");
    }
    // Not translated into English: printed in Dutch, with the notice in English.
    let en = flat(&out.join("en/guides/welcome/guide.pdf"));
    assert!(
        en.contains("This guide is not yet available in English"),
        "{en}"
    );
    assert!(en.contains("Welkom in Testdorp"), "{en}");
    // A phone keeps the pages, not a town's worth of PDFs.
    let worker = std::fs::read_to_string(out.join("nl/sw.js")).unwrap();
    let kept = worker
        .lines()
        .find(|l| l.starts_with("const FILES = "))
        .unwrap();
    assert!(
        kept.contains("card.pdf") && !kept.contains("guide.pdf"),
        "{kept}"
    );
    assert!(worker.contains(r#"if (path.endsWith("/guide.pdf")) return;"#));

    // Switched off, there are neither PDFs nor links.
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    std::fs::write(
        site.join("site.yaml"),
        format!("{yaml}guides_on_paper: false\n"),
    )
    .unwrap();
    wegwijs::build::build(&site, &out).unwrap_or_else(|d| panic!("{}", d.render(false)));
    assert!(!out.join("nl/guides/welcome/guide.pdf").exists());
    let page = page(&out, "nl/guides/welcome/index.html");
    assert!(select(&page, "a[href='guide.pdf']").is_empty());
}

#[test]
fn print_guides_makes_a_stack_per_language_or_a_booklet_and_corrects_a_typo() {
    let tmp = tempfile::tempdir().unwrap();
    let site = a_site(tmp.path());
    let out = tmp.path().join("paper");
    let files = print(
        &site,
        &out,
        &GuidesRequest {
            langs: vec!["nl".into(), "so".into(), "ar".into()],
            paper: Paper::Booklet,
            ..Default::default()
        },
    );
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into())
        .collect();
    assert_eq!(
        names,
        [
            "guides-nl-booklet.pdf",
            "guides-so-booklet.pdf",
            "guides-ar-booklet.pdf"
        ]
    );
    // The front of the first sheet: the guide's first page on the right half, the back cover
    // on the left; bound on the right for Arabic, the other way round.
    let first_page_x = |pdf: &Path| {
        words(pdf)
            .iter()
            .find(|(_, _, w)| w == "Testdorp")
            .unwrap_or_else(|| panic!("the title on the first side"))
            .0
    };
    assert!(first_page_x(&files[0]) > 421.0, "nl: page 1 on the right");
    assert!(first_page_x(&files[2]) < 421.0, "ar: page 1 on the left");
    let (_, w, h) = info(&files[0]);
    assert!(
        (w - 841.9).abs() < 1.0 && (h - 595.3).abs() < 1.0,
        "A4 landscape: {w}x{h}"
    );
    let so = flat(&files[1]);
    assert!(so.contains("Ku soo dhawoow Tuulada Tijaabada"), "{so}");

    let a5 = print(
        &site,
        &out,
        &GuidesRequest {
            langs: vec!["ar".into()],
            paper: Paper::A5,
            stack: Stack::PerGuide,
            ..Default::default()
        },
    );
    assert_eq!(a5[0].file_name().unwrap(), "guide-welcome-ar-a5.pdf");
    let (_, w, h) = info(&a5[0]);
    assert!(
        (w - 419.5).abs() < 1.0 && (h - 595.3).abs() < 1.0,
        "A5: {w}x{h}"
    );

    let before = std::fs::read_dir(&out).unwrap().count();
    let err = wegwijs::build::guides(
        &site,
        &out,
        &GuidesRequest {
            guides: vec!["welcom".into()],
            langs: vec!["nl".into(), "xx".into()],
            ..Default::default()
        },
    )
    .unwrap_err()
    .render(false);
    assert!(err.contains("no guide has the id `welcom`"), "{err}");
    assert!(err.contains("did you mean `welcome`?"), "{err}");
    assert!(
        err.contains("`xx` is not one of the site's languages"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        before,
        "nothing written"
    );
}
