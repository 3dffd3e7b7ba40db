//! Helpers shared by the end-to-end tests: fixture sites and reading built pages.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites")
}

pub fn example_site() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The valid fixture with the files of `tests/sites/invalid/<case>` laid over it.
pub fn invalid_site(case: &str, into: &Path) -> PathBuf {
    let site = into.join("site");
    copy_dir(&fixtures().join("valid"), &site);
    copy_dir(&fixtures().join("invalid").join(case), &site);
    site
}

pub fn page(out: &Path, path: &str) -> scraper::Html {
    let text = fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    scraper::Html::parse_document(&text)
}

pub fn select<'a>(doc: &'a scraper::Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&scraper::Selector::parse(css).unwrap())
        .collect()
}

/// Every file of a folder with its bytes, to compare a folder before and after.
pub fn snapshot_dir(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The output of poppler's `name` (pdftotext, pdfinfo) for `pdf`, written to stdout.
pub fn tool(name: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(name)
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| {
            panic!("{name} is needed for these tests (apt-get install poppler-utils): {e}")
        });
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The words of a PDF's first page with their position (x, y, word), from `pdftotext -bbox`.
pub fn words(pdf: &Path) -> Vec<(f64, f64, String)> {
    let html = tool("pdftotext", &["-bbox", "-f", "1", "-l", "1"], pdf);
    html.lines()
        .filter_map(|l| {
            let l = l.trim();
            let rest = l.strip_prefix("<word xMin=\"")?;
            let (x, rest) = rest.split_once('"')?;
            let y = rest.split("yMin=\"").nth(1)?.split('"').next()?;
            let word = rest.split('>').nth(1)?.split('<').next()?;
            Some((x.parse().ok()?, y.parse().ok()?, word.to_owned()))
        })
        .collect()
}
