//! `wegwijs check`: links, anchors and images of the rendered site, and `--strict`.

mod common;

use std::process::Command;

use common::*;

/// The exit code of `wegwijs check` and everything it printed.
fn check(site: &std::path::Path, strict: bool) -> (Option<i32>, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wegwijs"));
    cmd.arg("check").arg(site).env("NO_COLOR", "1");
    if strict {
        cmd.arg("--strict");
    }
    let out = cmd.output().unwrap();
    let all =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code(), all)
}

#[test]
fn the_example_site_is_clean_but_for_its_outdated_translation() {
    let (code, out) = check(&example_site(), false);
    assert_eq!(code, Some(0), "{out}");
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
    let (code, out) = check(&site, false);
    assert_eq!(code, Some(1), "{out}");
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
    let (code, out) = check(&fixtures().join("valid"), false);
    assert_eq!(code, Some(0), "{out}");
    let (code, out) = check(&fixtures().join("valid"), true);
    assert_eq!(code, Some(1), "{out}");
}

#[test]
fn every_command_names_the_site_folder_the_same_way() {
    // After the command or with `--site`, in every command that reads a site; an empty
    // folder is told both ways.
    let site = fixtures().join("valid");
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_wegwijs"))
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let all = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        (out.status.code(), all)
    };
    let s = site.to_str().unwrap();
    for args in [
        vec!["check", s],
        vec!["check", "--site", s],
        vec!["translations", "status", s],
        vec!["translations", "status", "--site", s],
    ] {
        let (code, text) = run(&args);
        assert_eq!(code, Some(0), "{args:?}: {text}");
    }
    let tmp = tempfile::tempdir().unwrap();
    let (code, text) = run(&["check", "--site", tmp.path().to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(text.contains("with `--site <folder>`"), "{text}");
}

#[test]
fn check_lists_what_is_due_for_a_check_oldest_first_with_whom_to_ask() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixtures().join("valid"), &site);
    let append = |file: &str, line: &str| {
        let path = site.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{}\n{line}\n", text.trim_end())).unwrap();
    };
    append("site.yaml", "review_after: 6 months");
    append("services/gp.yaml", "reviewed: 2020-01-31");
    let today = chrono::Utc::now().date_naive();
    append("contacts/amina.yaml", &format!("reviewed: {today}"));
    let (code, text) = check(&site, false);
    assert_eq!(code, Some(0), "{text}");
    let text = text.replace('\u{a0}', " ");
    let list: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("To check whether still correct"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .collect();
    // The guide was never confirmed, the service years ago; the contact today (not listed).
    assert_eq!(list.len(), 2, "{text}");
    assert!(
        list[0].starts_with("  never") && list[0].contains("guides/welcome.nl.md"),
        "{list:?}"
    );
    assert!(
        list[1].starts_with("  2020-01-31") && list[1].contains("services/gp.yaml"),
        "{list:?}"
    );
    assert!(
        list[1].contains("ask: Amina Warsame (06 12 34 56 78)"),
        "{list:?}"
    );

    // A date that is not one, and a period that is not one: located errors.
    append("services/gp.yaml", "");
    let gp = site.join("services/gp.yaml");
    let text = std::fs::read_to_string(&gp).unwrap();
    std::fs::write(
        &gp,
        text.replace("reviewed: 2020-01-31", "reviewed: 31-01-2020"),
    )
    .unwrap();
    let config = site.join("site.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("review_after: 6 months", "review_after: half a year"),
    )
    .unwrap();
    let (code, text) = check(&site, false);
    assert_eq!(code, Some(1));
    assert!(text.contains("`31-01-2020` is not a date"), "{text}");
    assert!(text.contains("`half a year` is not a period"), "{text}");
}
