//! Guides read aloud: recordings beside the Markdown, published with the page, tracked against
//! the guide's source text like a translation (status, check, the notice beside the player).

mod common;

use std::path::{Path, PathBuf};

use common::*;
use wegwijs::translations::State;

fn audio(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/audio")
        .join(name)
}

fn a_site(tmp: &Path) -> PathBuf {
    let site = tmp.join("site");
    copy_dir(&fixtures().join("valid"), &site);
    std::fs::copy(audio("tone.mp3"), site.join("guides/welcome.ar.mp3")).unwrap();
    std::fs::copy(audio("tone.opus"), site.join("guides/welcome.ar.opus")).unwrap();
    std::fs::copy(audio("tone.mp3"), site.join("guides/welcome.nl.mp3")).unwrap();
    site
}

fn build(site: &Path, out: &Path) -> wegwijs::build::BuildReport {
    wegwijs::build::build(site, out).unwrap_or_else(|d| panic!("{}", d.render(false)))
}

fn recording_states(site: &Path) -> Vec<(String, String, State)> {
    let loaded = wegwijs::build::load(site).unwrap_or_else(|d| panic!("{}", d.render(false)));
    loaded
        .translations()
        .recordings
        .iter()
        .map(|r| (r.key.clone(), r.lang.to_string(), r.state))
        .collect()
}

#[test]
fn a_recording_plays_at_the_top_of_its_page_and_is_published_by_its_content() {
    let tmp = tempfile::tempdir().unwrap();
    let site = a_site(tmp.path());
    let out = tmp.path().join("public");
    build(&site, &out);
    let ar = page(&out, "ar/guides/welcome/index.html");
    let sources = select(&ar, "article .listen audio[controls][preload=none] source");
    let srcs: Vec<(&str, &str)> = sources
        .iter()
        .map(|s| (s.attr("src").unwrap(), s.attr("type").unwrap()))
        .collect();
    // The smaller Opus first, MP3 for the phones that cannot play it.
    assert_eq!(srcs.len(), 2, "{srcs:?}");
    assert!(srcs[0].0.starts_with("recording-") && srcs[0].0.ends_with(".opus"));
    assert_eq!(srcs[0].1, "audio/ogg; codecs=opus");
    assert_eq!(srcs[1].1, "audio/mpeg");
    for (src, _) in &srcs {
        assert!(out.join("ar/guides/welcome").join(src).is_file(), "{src}");
    }
    let mp3 = std::fs::read(out.join("ar/guides/welcome").join(srcs[1].0)).unwrap();
    assert_eq!(
        mp3,
        std::fs::read(audio("tone.mp3")).unwrap(),
        "copied as it is"
    );
    // Its length, and its size for a reader on prepaid data.
    let meta: String = select(&ar, ".listen .meta")[0].text().collect();
    assert!(meta.contains("0:03") && meta.contains("KB"), "{meta}");
    // Recorded, the page offers no phone's voice; without a recording, a hidden button that
    // the script shows only when the phone has a voice for the language.
    assert!(select(&ar, "[data-read-aloud]").is_empty());
    let en = page(&out, "en/guides/welcome/index.html");
    assert!(select(&en, "article .listen").is_empty());
    let button = select(&en, "p.read-aloud[hidden] button[data-read-aloud]");
    assert_eq!(button.len(), 1);
    // A phone keeps a recording only once it has been played, the last three.
    let worker = std::fs::read_to_string(out.join("ar/sw.js")).unwrap();
    let kept = worker
        .lines()
        .find(|l| l.starts_with("const FILES = "))
        .unwrap();
    assert!(!kept.contains("recording-"), "{kept}");
    assert!(worker.contains("const RECORDINGS_MAX = 3;"));
}

#[test]
fn a_recording_goes_outdated_when_its_text_changes_in_the_source_language() {
    let tmp = tempfile::tempdir().unwrap();
    let site = a_site(tmp.path());
    let key = "recording/welcome".to_owned();
    // Added, a recording is unverified until someone says it reads the guide as it is.
    assert_eq!(
        recording_states(&site),
        vec![
            (key.clone(), "nl".into(), State::Unverified),
            (key.clone(), "ar".into(), State::Unverified),
        ]
    );
    accept(&site, &key, &["ar", "nl"]);
    assert_eq!(
        recording_states(&site),
        vec![
            (key.clone(), "nl".into(), State::UpToDate),
            (key.clone(), "ar".into(), State::UpToDate),
        ]
    );
    let ledger = std::fs::read_to_string(site.join("translations.yaml")).unwrap();
    assert!(ledger.contains("recording/welcome:\n  nl: "), "{ledger}");

    // The Dutch text changes: both recordings go outdated, in status, check and on the page.
    let nl = std::fs::read_to_string(site.join("guides/welcome.nl.md")).unwrap();
    std::fs::write(
        site.join("guides/welcome.nl.md"),
        nl.replace("Bel de", "Bel eerst de"),
    )
    .unwrap();
    assert_eq!(
        recording_states(&site),
        vec![
            (key.clone(), "nl".into(), State::Outdated),
            (key.clone(), "ar".into(), State::Outdated),
        ]
    );
    let check = wegwijs::build::check(&site).diagnostics.render(false);
    assert!(
        check.contains("the guide `welcome` changed in nl after its recording in nl, ar was made"),
        "{check}"
    );
    let report = wegwijs::build::load(&site).unwrap().translations();
    let table = report.table("Testdorp");
    assert!(
        table.contains("recording/welcome") && table.contains("outdated: the text changed"),
        "{table}"
    );
    let out = tmp.path().join("public");
    build(&site, &out);
    let notice: String = select(
        &page(&out, "ar/guides/welcome/index.html"),
        ".listen .notice",
    )[0]
    .text()
    .collect();
    assert!(notice.contains("الهولندية"), "{notice}");

    // Recorded again; then a change that does not alter what is said keeps them up to date.
    accept(&site, &key, &["ar", "nl"]);
    let nl = std::fs::read_to_string(site.join("guides/welcome.nl.md")).unwrap();
    std::fs::write(
        site.join("guides/welcome.nl.md"),
        nl.replace("Bel eerst de", "Bel eerst  de"),
    )
    .unwrap();
    assert!(
        recording_states(&site)
            .iter()
            .all(|(_, _, s)| *s == State::Outdated)
    );
    wegwijs::translations::commands::minor(&site, &["guide/welcome".into()])
        .unwrap_or_else(|d| panic!("{}", d.render(false)));
    assert!(
        recording_states(&site)
            .iter()
            .all(|(_, _, s)| *s == State::UpToDate),
        "{:?}",
        recording_states(&site)
    );
}

fn accept(site: &Path, key: &str, langs: &[&str]) {
    let langs: Vec<String> = langs.iter().map(|l| l.to_string()).collect();
    wegwijs::translations::commands::accept(site, &[key.to_owned()], &langs, false, false)
        .unwrap_or_else(|d| panic!("{}", d.render(false)));
}

#[test]
fn recordings_of_nothing_or_in_no_language_or_of_no_sound_are_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixtures().join("valid"), &site);
    std::fs::copy(audio("tone.mp3"), site.join("guides/welcom.ar.mp3")).unwrap();
    std::fs::copy(audio("tone.mp3"), site.join("guides/welcome.xx.mp3")).unwrap();
    std::fs::write(site.join("guides/welcome.nl.mp3"), "not a sound").unwrap();
    std::fs::copy(audio("tone.opus"), site.join("guides/welcome.ar.mp3")).unwrap();
    let out = tmp.path().join("public");
    let err = wegwijs::build::build(&site, &out)
        .unwrap_err()
        .render(false);
    for said in [
        "`guides/welcom.ar.mp3` is a recording of a guide that does not exist: `welcom`",
        "did you mean `welcome`?",
        "`guides/welcome.xx.mp3` is a recording in `xx`, which is not one of the site's languages",
        "`guides/welcome.nl.mp3` is not a MP3 recording",
        "`guides/welcome.ar.mp3` is not a MP3 recording: its content is Opus",
    ] {
        assert!(err.contains(said), "{said} in {err}");
    }
    assert!(!out.exists(), "a failed build writes nothing");
}

#[test]
fn a_large_recording_is_warned_about() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixtures().join("valid"), &site);
    // Six megabytes of MP3: the tone, over and over.
    let tone = std::fs::read(audio("tone.mp3")).unwrap();
    let mut big = Vec::new();
    while big.len() < 6 * 1024 * 1024 {
        big.extend_from_slice(&tone);
    }
    std::fs::write(site.join("guides/welcome.ar.mp3"), big).unwrap();
    let report = build(&site, &tmp.path().join("public"));
    let said = report.diagnostics.render(false);
    assert!(
        said.contains(
            "`guides/welcome.ar.mp3` is 6 MB: a reader on prepaid data pays for every megabyte"
        ),
        "{said}"
    );
}

/// A warm load (the preview's) shares the guides it did not check again; a recording deleted
/// since the last load must not stay attached to its guide.
#[test]
fn a_deleted_recording_leaves_its_guide_on_a_warm_load() {
    let tmp = tempfile::tempdir().unwrap();
    let site = a_site(tmp.path());
    let mut warm = wegwijs::build::Warm::default();
    let recorded = |warm: &mut wegwijs::build::Warm| {
        let loaded = wegwijs::build::load_cached(&site, warm)
            .unwrap_or_else(|d| panic!("{}", d.render(false)));
        let guide = loaded
            .site
            .guides
            .iter()
            .find(|g| g.id.as_str() == "welcome")
            .expect("the guide")
            .clone();
        guide
            .recordings
            .keys()
            .map(|l| l.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(recorded(&mut warm), ["ar", "nl"]);
    std::fs::remove_file(site.join("guides/welcome.nl.mp3")).unwrap();
    assert_eq!(recorded(&mut warm), ["ar"]);
    std::fs::remove_file(site.join("guides/welcome.ar.mp3")).unwrap();
    std::fs::remove_file(site.join("guides/welcome.ar.opus")).unwrap();
    assert!(recorded(&mut warm).is_empty());
}
