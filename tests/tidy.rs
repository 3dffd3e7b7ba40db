//! Conventions of the code base that a reviewer would otherwise have to remember, checked on
//! every test run (after rust-analyzer's `tidy`): a `//!` doc on every file, which module may
//! use which (as ARCHITECTURE.md draws the pipeline), which code writes files, file length.

use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `dir`, skipping build output and npm packages.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return out;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy();
        if path.is_dir() {
            if name != "target" && name != "node_modules" && name != "sites" {
                out.extend(rust_files(&path));
            }
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// A file's code before its unit tests.
fn code(text: &str) -> &str {
    text.split("\n#[cfg(test)]\nmod tests")
        .next()
        .unwrap_or(text)
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

#[test]
fn every_file_says_what_it_is_for() {
    let mut missing = Vec::new();
    for dir in ["src", "tests", "xtask", "fuzz", "examples"] {
        for file in rust_files(&root().join(dir)) {
            let text = fs::read_to_string(&file).unwrap();
            if !text.trim_start().starts_with("//!") {
                missing.push(relative(&file));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "add a `//!` doc at the top of {missing:?}"
    );
}

/// The modules of `src/` each module may use (`crate::<module>`), as ARCHITECTURE.md draws
/// the pipeline: the model below everything, validate before render, output the one writer.
const MAY_USE: &[(&str, &[&str])] = &[
    // The model: the basemap is data of the site.
    ("model", &["model", "map"]),
    ("map", &["model"]),
    ("diagnostics", &[]),
    ("timings", &[]),
    ("load", &["load", "model", "diagnostics", "map"]),
    // Validate knows the card's panel limits and the town map's area, nothing of rendering;
    // it times its parts for `--timings`.
    (
        "validate",
        &[
            "validate",
            "load",
            "model",
            "diagnostics",
            "print",
            "map",
            "timings",
        ],
    ),
    ("i18n", &["i18n", "load", "model", "diagnostics"]),
    // Render shows a translation's state on the page.
    (
        "render",
        &[
            "render",
            "load",
            "model",
            "diagnostics",
            "i18n",
            "map",
            "translations",
            "timings",
        ],
    ),
    (
        "print",
        &[
            "print",
            "load",
            "model",
            "diagnostics",
            "i18n",
            "map",
            "render",
            "translations",
        ],
    ),
    ("output", &["output", "render"]),
    (
        "check",
        &["check", "model", "diagnostics", "render", "translations"],
    ),
];

#[test]
fn modules_use_only_what_the_pipeline_allows() {
    let mut wrong = Vec::new();
    for (module, allowed) in MAY_USE {
        let mut files = rust_files(&root().join("src").join(module));
        let single = root().join(format!("src/{module}.rs"));
        if single.exists() {
            files.push(single);
        }
        assert!(!files.is_empty(), "src/{module} exists");
        for file in files {
            let text = fs::read_to_string(&file).unwrap();
            for (i, _) in code(&text).match_indices("crate::") {
                let used: String = text[i + 7..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !allowed.contains(&used.as_str()) {
                    wrong.push(format!("{} uses crate::{used}", relative(&file)));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "against the pipeline (see ARCHITECTURE.md): {wrong:#?}"
    );
}

#[test]
fn only_the_writers_write_files() {
    // The site is written by `output`; `build::cards` and `build::guides` make the folder
    // their PDFs go to, `init` writes the example site.
    let writers = [
        "src/output/mod.rs",
        "src/build/print.rs",
        "src/load/theme.rs",
    ];
    let calls = [
        "fs::write",
        "File::create",
        "create_dir",
        "fs::rename",
        "remove_file",
        "remove_dir",
        "OpenOptions",
    ];
    let mut wrong = Vec::new();
    for file in rust_files(&root().join("src")) {
        let name = relative(&file);
        if writers.contains(&name.as_str()) {
            continue;
        }
        let text = fs::read_to_string(&file).unwrap();
        for call in calls {
            if code(&text).contains(call) {
                wrong.push(format!("{name}: {call}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "write through `output` (write_site, write_file_atomic): {wrong:?}"
    );
}

#[test]
fn files_are_split_before_they_grow_long() {
    // Files past the limit that are still to be split along their seams.
    let pending: [&str; 0] = [];
    let mut long = Vec::new();
    for file in rust_files(&root().join("src")) {
        let name = relative(&file);
        let lines = code(&fs::read_to_string(&file).unwrap()).lines().count();
        if lines > 600 && !pending.contains(&name.as_str()) {
            long.push(format!("{name}: {lines} lines"));
        }
        if lines <= 600 && pending.contains(&name.as_str()) {
            long.push(format!("{name} is split now: take it off the pending list"));
        }
    }
    assert!(long.is_empty(), "split along their seams: {long:?}");
}
