//! `wegwijs check`: links, anchors and images of the rendered site, and `--strict`.

mod common;

use std::process::Command;

use common::*;

fn check(site: &std::path::Path, strict: bool) -> (bool, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wegwijs"));
    cmd.arg("check").arg(site).env("NO_COLOR", "1");
    if strict {
        cmd.arg("--strict");
    }
    let out = cmd.output().unwrap();
    let all =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), all)
}

#[test]
fn the_example_site_is_clean_but_for_its_outdated_translation() {
    let (ok, out) = check(&example_site(), false);
    assert!(ok, "{out}");
    // The example keeps one outdated guide on purpose, to show the reader's notice.
    assert!(out.contains("0 error(s), 1 warning(s)"), "{out}");
    assert!(
        out.contains("`guide/money-and-debts` changed in nl after its ar, ti, fa translations"),
        "{out}"
    );
}

#[test]
fn broken_links_and_missing_images_are_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixtures().join("valid"), &site);
    let guide = std::fs::read_to_string(site.join("guides/welcome.nl.md")).unwrap();
    std::fs::write(
        site.join("guides/welcome.nl.md"),
        guide + "\n[Oud adres](../../oud/) ![Kaart](plattegrond.png) [Amina](../../contacts/#amina-w)\n",
    )
    .unwrap();
    let (ok, out) = check(&site, false);
    assert!(!ok, "{out}");
    for needle in [
        "`../../oud/`",
        "`plattegrond.png`",
        "has no `#amina-w`",
        "nl/guides/welcome/index.html",
    ] {
        assert!(out.contains(needle), "{needle}: {out}");
    }
    assert!(
        !tmp.path().join("site/public").exists(),
        "check writes nothing"
    );
}

#[test]
fn strict_fails_on_warnings() {
    // The fixture has no town map and misses Somali UI strings: warnings only.
    let (ok, out) = check(&fixtures().join("valid"), false);
    assert!(ok, "{out}");
    let (ok, out) = check(&fixtures().join("valid"), true);
    assert!(!ok, "{out}");
}
