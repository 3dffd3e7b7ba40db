//! The W3C Nu HTML checker, the one a municipality's web team runs, over every page of the
//! example town, the six-language fixture and the second town: not one error. The checker is
//! `vnu.jar` from the npm package `vnu-jar` (installed with the browser tests' packages), run by
//! Java (Debian's `default-jre-headless`); `.ci/run` installs both.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

#[test]
fn every_page_passes_the_nu_html_checker() {
    let jar = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser/node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(
        jar.is_file(),
        "the HTML checker is missing: `cargo xtask test` installs it (npm package vnu-jar)"
    );
    let tmp = tempfile::tempdir().unwrap();
    let sites = [
        ("example", example_site()),
        ("six-languages", fixtures().join("valid")),
        ("second-town", fixtures().join("second-town")),
    ];
    let mut outs = Vec::new();
    for (name, site) in &sites {
        let out = tmp.path().join(name);
        wegwijs::build::build(site, &out)
            .unwrap_or_else(|d| panic!("{name} does not build:\n{}", d.render(false)));
        outs.push(out);
    }
    let output = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--format", "gnu"])
        .args(&outs)
        .output()
        .expect("Java runs the checker: `cargo xtask test` installs default-jre-headless");
    let report = String::from_utf8_lossy(&output.stderr);
    let pages: usize = outs
        .iter()
        .map(|o| {
            walkdir::WalkDir::new(o)
                .into_iter()
                .filter(|e| {
                    e.as_ref()
                        .is_ok_and(|e| e.path().extension() == Some("html".as_ref()))
                })
                .count()
        })
        .sum();
    assert!(pages > 200, "only {pages} pages were checked");
    let errors: Vec<&str> = report.lines().filter(|l| l.contains("error")).collect();
    assert!(
        output.status.success() && errors.is_empty(),
        "the Nu HTML checker found {} error(s) in {pages} pages:\n{}",
        errors.len(),
        report
            .lines()
            .take(40)
            .map(|l| l.replace(&format!("file:{}", tmp.path().display()), ""))
            .collect::<Vec<_>>()
            .join("\n")
    );
}
