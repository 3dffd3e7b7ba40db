//! `cargo xtask test`: the README's test command. On a fresh machine with only the Rust
//! toolchain, it installs what the tests need besides Rust — poppler's `pdftotext` (the card
//! tests read PDFs), Chromium, Node.js, npm and Java (for the W3C HTML checker) from Debian, and
//! the browser tests' npm packages (vnu.jar among them) from their lock file — and then runs
//! `cargo test` with any arguments given after `--`.
//!
//! Installing uses `apt-get` (as root, or through `sudo`); on another system it names what is
//! missing and stops, so that no test fails for a reason that has nothing to do with wegwijs.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// A program the tests run, and the Debian package that brings it.
const TOOLS: [(&str, &str); 5] = [
    ("pdftotext", "poppler-utils"),
    ("chromium", "chromium"),
    ("node", "nodejs"),
    ("npm", "npm"),
    // Runs the W3C Nu HTML checker (vnu.jar, an npm package of the browser tests).
    ("java", "default-jre-headless"),
];

/// Fonts Chromium needs to draw Arabic and Ethiopic in the screenshots; installed with it.
const FONTS: &str = "fonts-noto-core";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("test") => match test(&args[1..]) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("xtask: {e}");
                ExitCode::FAILURE
            }
        },
        _ => {
            eprintln!(
                "usage: cargo xtask test [-- CARGO TEST ARGUMENTS]\n\n\
                 installs what the tests need besides Rust (when missing), then runs cargo test"
            );
            ExitCode::from(2)
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the project folder")
        .to_path_buf()
}

fn test(args: &[String]) -> Result<ExitCode, String> {
    let root = root();
    install_packages()?;
    install_npm_packages(&root)?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let args = args.strip_prefix(&["--".to_owned()]).unwrap_or(args);
    let status = Command::new(cargo)
        .arg("test")
        .args(args)
        .current_dir(&root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    Ok(match status.code() {
        Some(0) => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    })
}

/// Whether `program` can be run: found on the `PATH` as an executable file.
fn on_path(program: &str) -> bool {
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    std::env::split_paths(&path).any(|dir| dir.join(program).is_file())
}

fn install_packages() -> Result<(), String> {
    let missing: Vec<&str> = TOOLS
        .iter()
        .filter(|(program, _)| !on_path(program))
        .map(|(_, package)| *package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    if !on_path("apt-get") {
        return Err(format!(
            "the tests need {}; install them with your system's package manager",
            missing.join(", ")
        ));
    }
    eprintln!("xtask: installing {} from Debian", missing.join(", "));
    // Root runs apt-get itself; anyone else goes through sudo, which may ask for a password.
    let as_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let apt = |args: &[&str]| -> Result<(), String> {
        let mut cmd = if as_root {
            Command::new("apt-get")
        } else {
            let mut c = Command::new("sudo");
            c.arg("apt-get");
            c
        };
        let status = cmd
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .map_err(|e| format!("cannot run apt-get: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!(
                "`apt-get {}` failed; install {} by hand and run the tests again",
                args.join(" "),
                missing.join(", ")
            ))
        }
    };
    apt(&["update", "-qq"])?;
    let mut install = vec!["install", "-y", "-qq", "--no-install-recommends"];
    install.extend(&missing);
    install.push(FONTS);
    apt(&install)
}

/// `npm ci` in tests/browser when its packages are missing or older than the lock file.
fn install_npm_packages(root: &Path) -> Result<(), String> {
    let dir = root.join("tests/browser");
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let lock = modified(&dir.join("package-lock.json"));
    let installed = modified(&dir.join("node_modules/.package-lock.json"));
    if matches!((lock, installed), (Some(l), Some(i)) if i >= l) {
        return Ok(());
    }
    eprintln!("xtask: installing the browser tests' npm packages");
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(&dir)
        .status()
        .map_err(|e| format!("cannot run npm: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err("`npm ci` in tests/browser failed".into())
    }
}
