//! Browser tests: the example site built, served over HTTP, and opened in Debian's Chromium by
//! the Node test files in tests/browser (playwright-core, axe-core). `.ci/run` installs
//! Chromium, Node and the npm packages; without them this test fails and says what is missing.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// Serves `root` on a free port of 127.0.0.1 from a background thread; returns the base URL.
/// The server is the preview's own (without its site in memory): files read from disk.
fn serve(root: PathBuf) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        wegwijs::serve::http::run(
            listener,
            0,
            wegwijs::serve::http::Caching::Default,
            std::sync::Arc::new(move |asked| respond(&root, &asked.url)),
        )
    });
    format!("http://127.0.0.1:{port}/")
}

fn respond(root: &Path, url: &str) -> wegwijs::serve::http::Answer {
    let path = url.split(['?', '#']).next().unwrap_or("/").to_owned();
    let mut file = root.join(path.trim_start_matches('/'));
    if path.ends_with('/') {
        file = file.join("index.html");
    }
    let inside = file
        .canonicalize()
        .is_ok_and(|f| f.starts_with(root.canonicalize().unwrap()));
    let (status, file) = match std::fs::read(&file) {
        Ok(bytes) if inside => (200, (file, bytes)),
        _ => {
            let nf = root.join("404.html");
            (404, (nf.clone(), std::fs::read(nf).unwrap_or_default()))
        }
    };
    let mime = mime_guess::from_path(&file.0).first_or_octet_stream();
    (status, mime.essence_str().to_owned(), file.1)
}

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// Whether Node, Chromium and the npm packages are there (`.ci/run` installs them).
fn ready(dir: &Path) -> bool {
    Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
        && dir.join("node_modules/playwright-core").is_dir()
        && dir.join("node_modules/axe-core").is_dir()
        && Path::new(&std::env::var("CHROMIUM").unwrap_or("/usr/bin/chromium".into())).exists()
}

/// `wegwijs serve` of a copy of the example on a free port, stopped when dropped.
struct Serving {
    child: std::process::Child,
    url: String,
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wegwijs_serve(site: &Path) -> Serving {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_wegwijs"))
        .args(["serve", site.to_str().unwrap(), "--port", &port.to_string()])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let serving = Serving {
        child,
        url: format!("http://127.0.0.1:{port}/"),
    };
    // The first build of the preview takes a while in a debug build.
    for _ in 0..240 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return serving;
        }
        std::thread::sleep(std::time::Duration::from_millis(250));
    }
    drop(serving);
    panic!("wegwijs serve did not start on port {port}");
}

#[test]
fn the_editor_in_a_real_browser() {
    let dir = tests_dir();
    assert!(
        ready(&dir),
        "the browser tests need Node.js, Chromium and the npm packages; .ci/run installs them"
    );
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&example_site(), &site);
    let serving = wegwijs_serve(&site);
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let status = Command::new("node")
        .arg("--test")
        .arg(dir.join("editor.browser.edit.mjs"))
        .current_dir(&dir)
        .env("WEGWIJS_BASE_URL", &serving.url)
        .env("WEGWIJS_EDITOR_URL", &serving.url)
        .env("WEGWIJS_EDITOR_SITE", site.canonicalize().unwrap())
        .env("WEGWIJS_SCREENSHOTS", &shots)
        .status()
        .unwrap();
    drop(serving);
    assert!(
        status.success(),
        "the editor's browser test failed: see its output above"
    );
}

#[test]
fn the_site_in_a_real_browser() {
    let dir = tests_dir();
    assert!(
        ready(&dir),
        "the browser tests need Node.js, Chromium (apt-get install nodejs npm chromium) and \
         the npm packages (npm ci --prefix tests/browser); .ci/run installs all three"
    );
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    // The example with its first guide read aloud in Dutch and Arabic (a tone: see
    // tests/data/audio).
    let site = tmp.path().join("site");
    copy_dir(&example_site(), &site);
    let audio = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/audio");
    for (from, to) in [
        ("tone.mp3", "first-week.nl.mp3"),
        ("tone.opus", "first-week.ar.opus"),
        ("tone.mp3", "first-week.ar.mp3"),
    ] {
        std::fs::copy(audio.join(from), site.join("guides").join(to)).unwrap();
    }
    wegwijs::build::build(&site, &out).unwrap_or_else(|d| panic!("{}", d.render(false)));
    let base = serve(out.clone());
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.ends_with(".test.mjs") || name.ends_with(".test.cjs")
        })
        .collect();
    files.sort();
    assert!(files.len() >= 3, "{files:?}");
    let mut failed = Vec::new();
    // One file at a time: each starts its own Chromium, and the machine has two cores.
    for file in &files {
        let status = Command::new("node")
            .arg("--test")
            .arg(file)
            .current_dir(&dir)
            .env("WEGWIJS_BASE_URL", &base)
            .env("WEGWIJS_SCREENSHOTS", &shots)
            .env("WEGWIJS_SITE_DIR", out.canonicalize().unwrap())
            .status()
            .unwrap();
        if !status.success() {
            failed.push(file.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    assert!(
        failed.is_empty(),
        "browser tests failed in {failed:?}: see their output above"
    );
}
