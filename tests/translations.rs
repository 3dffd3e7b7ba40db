//! Translation status: `translations status | accept | minor`, the reader's notice and the
//! check's report.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

fn wegwijs(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wegwijs"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

fn site(tmp: &Path) -> PathBuf {
    let site = tmp.join("site");
    copy_dir(&fixtures().join("valid"), &site);
    site
}

fn status(site: &Path) -> serde_json::Value {
    let out = wegwijs(&[
        "translations",
        "status",
        site.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The items of one language's list (`outdated`, `missing`, …) in the JSON status.
fn list(status: &serde_json::Value, lang: &str, which: &str) -> Vec<String> {
    let l = status["languages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["lang"] == lang)
        .unwrap();
    serde_json::from_value(l[which].clone()).unwrap()
}

fn accept(site: &Path, args: &[&str]) -> String {
    let mut all = vec!["translations", "accept", "--site", site.to_str().unwrap()];
    all.extend(args);
    let out = wegwijs(&all);
    assert!(out.status.success(), "{}", text(&out));
    text(&out)
}

fn edit(path: &Path, from: &str, to: &str) {
    let s = fs::read_to_string(path).unwrap();
    assert!(s.contains(from), "{from} in {}", path.display());
    fs::write(path, s.replacen(from, to, 1)).unwrap();
}

#[test]
fn a_changed_source_makes_its_translations_outdated_until_updated_or_declared_minor() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site(tmp.path());
    let s = status(&site);
    assert_eq!(
        list(&s, "so", "unverified").len(),
        s["items"].as_u64().unwrap() as usize - list(&s, "so", "missing").len()
    );
    assert!(list(&s, "ti", "missing").contains(&"guide/welcome".to_owned()));

    accept(&site, &["--unverified"]);
    let ledger = fs::read_to_string(site.join("translations.yaml")).unwrap();
    assert!(ledger.contains("guide/welcome:\n  nl: "), "{ledger}");
    let s = status(&site);
    assert_eq!(s["languages"][4]["lang"], "so");
    assert_eq!(
        s["languages"][4]["up_to_date_percent"],
        s["languages"][4]["translated_percent"]
    );
    assert!(list(&s, "so", "unverified").is_empty());

    // A meaningful change to the Dutch guide.
    edit(&site.join("guides/welcome.nl.md"), "Bel de", "Bel eerst de");
    let s = status(&site);
    assert_eq!(list(&s, "so", "outdated"), ["guide/welcome"]);
    assert!(
        list(&s, "en", "outdated").is_empty(),
        "en has no guide: missing"
    );

    // The reader of the Somali page is told, in Somali, and sent to the Dutch text.
    let out = tmp.path().join("out");
    let b = wegwijs(&[
        "build",
        site.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(b.status.success(), "{}", text(&b));
    let doc = page(&out, "so/guides/welcome/index.html");
    let notice = select(&doc, "article .notice");
    assert_eq!(notice.len(), 1);
    let link = select(&doc, "article .notice a")[0];
    assert_eq!(
        link.value().attr("href"),
        Some("../../../nl/guides/welcome/")
    );
    assert_eq!(link.value().attr("hreflang"), Some("nl"));
    let up_to_date = page(&out, "nl/guides/welcome/index.html");
    assert!(select(&up_to_date, "article .notice").is_empty());

    // `check` warns, and so fails with --strict.
    let c = wegwijs(&["check", site.to_str().unwrap()]);
    let report = text(&c);
    assert!(
        report.contains("`guide/welcome` changed in nl after its so translation was made"),
        "{report}"
    );
    assert!(
        report.contains("so 77% (1 outdated, 2 missing)"),
        "{report}"
    );

    // The editor says the change was a typo: the translation is up to date again.
    let m = wegwijs(&[
        "translations",
        "minor",
        "--site",
        site.to_str().unwrap(),
        "guide/welcome",
    ]);
    assert!(m.status.success(), "{}", text(&m));
    assert!(
        text(&m).contains("so    guide/welcome (outdated before)"),
        "{}",
        text(&m)
    );
    assert!(list(&status(&site), "so", "outdated").is_empty());

    // A meaningful change to the welcome text, of which only English is updated, then a
    // typo fix declared minor: English stays up to date, Arabic and Somali stay outdated.
    edit(
        &site.join("site.yaml"),
        "nl: Welkom,",
        "nl: Welkom in ons dorp,",
    );
    accept(&site, &["site/welcome", "--lang", "en"]);
    edit(
        &site.join("site.yaml"),
        "nl: Welkom in ons dorp,",
        "nl: Welkom in ons dorp!,",
    );
    let m = wegwijs(&[
        "translations",
        "minor",
        "--site",
        site.to_str().unwrap(),
        "site",
    ]);
    assert!(m.status.success(), "{}", text(&m));
    let s = status(&site);
    assert!(list(&s, "en", "outdated").is_empty());
    assert_eq!(list(&s, "ar", "outdated"), ["site/welcome"]);
    assert_eq!(list(&s, "so", "outdated"), ["site/welcome"]);
}

#[test]
fn machine_translations_are_marked_for_readers() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site(tmp.path());
    accept(&site, &["guide/welcome", "--lang", "so", "--machine"]);
    let s = status(&site);
    assert_eq!(list(&s, "so", "machine"), ["guide/welcome"]);
    let out = tmp.path().join("out");
    let b = wegwijs(&[
        "build",
        site.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(b.status.success(), "{}", text(&b));
    let doc = page(&out, "so/guides/welcome/index.html");
    assert_eq!(select(&doc, "article .notice a").len(), 1);
    // A person checks it: no longer machine-translated.
    accept(&site, &["guide/welcome", "--lang", "so"]);
    assert!(list(&status(&site), "so", "machine").is_empty());
}

#[test]
fn unknown_names_and_broken_ledgers_are_refused_with_their_place() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site(tmp.path());
    let out = wegwijs(&[
        "translations",
        "accept",
        "--site",
        site.to_str().unwrap(),
        "guide/welcom",
    ]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("did you mean `guide/welcome`?"),
        "{}",
        text(&out)
    );
    assert!(
        !site.join("translations.yaml").exists(),
        "nothing written on error"
    );

    fs::write(
        site.join("translations.yaml"),
        "guide/welcome:\n  nl: 0123456789ab\n  so: not-a-version\n",
    )
    .unwrap();
    let out = wegwijs(&["translations", "status", site.to_str().unwrap()]);
    assert!(!out.status.success());
    let t = text(&out);
    assert!(t.contains("`not-a-version` is not a source version"), "{t}");
    assert!(t.contains("translations.yaml:3:7"), "{t}");
}
