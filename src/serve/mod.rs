//! `wegwijs serve`: the site from memory on the local machine, rebuilt when a file changes,
//! with the open page reloaded. A content error shows as a page of located diagnostics while
//! the last good build stays available; fixing the file clears it.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::build::Loaded;
use crate::diagnostics::Diagnostics;

pub mod editor;
pub mod http;
mod incremental;
mod indexer;

/// Only in serve mode: waits for the next build and reloads. Never part of `build` output.
const RELOAD_SCRIPT: &str = r#"<script>(function(){var v=VERSION;function w(){fetch("/__wegwijs/wait?v="+v).then(function(r){return r.text()}).then(function(t){if(+t!==v){location.reload()}else{w()}}).catch(function(){setTimeout(w,1000)})}w()})()</script>"#;
const WAIT_PATH: &str = "/__wegwijs/wait";

#[derive(Default)]
struct State {
    files: HashMap<String, Arc<Vec<u8>>>,
    /// The diagnostics page of the last failed build, until a build succeeds.
    error: Option<String>,
    version: u64,
    /// Counts the full rebuilds, each of which brings its own search index: an index made in
    /// the background for an earlier one must not replace it.
    full_builds: u64,
}

/// The site in memory and a way to wait for the next version.
#[derive(Clone, Default)]
pub struct Preview {
    shared: Arc<(Mutex<State>, Condvar)>,
    /// The last site that built without errors, to tell what a change affects.
    last: Arc<Mutex<Option<Arc<Loaded>>>>,
    /// Parsed content files and what their checks made, reused while unchanged.
    cache: Arc<Mutex<crate::build::Warm>>,
    indexer: Arc<indexer::Indexer>,
}

/// What one rebuild did, for the terminal.
pub struct Rebuilt {
    pub ok: bool,
    pub diagnostics: Diagnostics,
    pub elapsed: Duration,
    /// Files rendered again; every file of the site after a full rebuild.
    pub files: usize,
    /// Whether only what the change affects was rendered.
    pub incremental: bool,
}

impl Preview {
    /// Builds the site at `root` into memory. On errors the previous files stay served.
    pub fn rebuild(&self, root: &Path) -> Rebuilt {
        self.rebuild_after(root, None)
    }

    /// Rebuilds after the files `changed` (relative to `root`, with `/`) were written: the
    /// site is loaded and checked whole, but only the pages the change affects are rendered
    /// again. `None`, or a change the preview cannot narrow down, renders everything.
    pub fn rebuild_after(&self, root: &Path, changed: Option<&[String]>) -> Rebuilt {
        let start = Instant::now();
        let mut diags = Diagnostics::default();
        let loaded = {
            let mut cache = self.cache.lock().expect("no panics while holding the lock");
            // Only after a load that read every folder: one that failed (no site.yaml, say)
            // may have stopped before a file that changed meanwhile.
            let complete = self
                .last
                .lock()
                .expect("no panics while holding the lock")
                .is_some();
            cache.files.changed = changed.filter(|_| complete).and_then(|c| trusted(root, c));
            crate::build::load_cached(root, &mut cache)
        };
        let loaded = reported(loaded, |l| &mut l.warnings, &mut diags).map(Arc::new);
        let mut last = self.last.lock().expect("no panics while holding the lock");
        let plan = match (&loaded, last.as_ref(), changed) {
            (Some(new), Some(old), Some(changed)) => {
                incremental::plan(&old.site, &new.site, changed)
            }
            _ => None,
        };
        let incremental = plan.is_some();
        let rendered = loaded.as_deref().and_then(|l| {
            let r = crate::build::render_in_memory(
                l,
                plan.as_ref(),
                crate::build::GuideFiles::OnRequest,
            );
            reported(r, |r| &mut r.0.warnings, &mut diags)
        });
        diags.sort();
        let ok = rendered.is_some();
        let files = rendered.as_ref().map_or(0, |r| r.0.files);
        let (lock, cvar) = &*self.shared;
        let mut state = lock.lock().expect("no panics while holding the lock");
        match rendered {
            Some(r) => {
                let fresh = r.1.into_iter().map(|f| (f.path, Arc::new(f.bytes)));
                if incremental {
                    state.files.extend(fresh);
                } else {
                    state.files = fresh.collect();
                    state.full_builds += 1;
                    // A site waiting to be indexed is older than this build's own index.
                    self.indexer.drop_waiting();
                }
                state.error = None;
                if incremental && let Some(l) = &loaded {
                    self.indexer
                        .request(l.clone(), state.full_builds, &self.shared);
                }
                // Freeing a large site takes a while; the browser need not wait for it.
                let old = std::mem::replace(&mut *last, loaded);
                std::thread::spawn(move || drop(old));
            }
            None => {
                state.error = Some(error_page(&diags));
                // What changed while the site was broken is not known: start over when fixed.
                *last = None;
            }
        }
        state.version += 1;
        cvar.notify_all();
        drop(state);
        drop(last);
        Rebuilt {
            ok,
            diagnostics: diags,
            elapsed: start.elapsed(),
            files,
            incremental,
        }
    }

    /// Waits until the search index is made for the last rebuild.
    pub fn settle(&self) {
        self.indexer.settle();
    }

    /// The languages whose search index the last background round made again (the others
    /// were taken over unchanged).
    pub fn reindexed(&self) -> Vec<String> {
        self.indexer.remade()
    }

    /// Every file being served, by path.
    pub fn files(&self) -> std::collections::BTreeMap<String, Arc<Vec<u8>>> {
        let state = self
            .shared
            .0
            .lock()
            .expect("no panics while holding the lock");
        state
            .files
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    pub fn version(&self) -> u64 {
        self.shared
            .0
            .lock()
            .expect("no panics while holding the lock")
            .version
    }

    /// Blocks until the version is past `seen`, or `timeout` passes.
    fn wait(&self, seen: u64, timeout: Duration) -> u64 {
        let (lock, cvar) = &*self.shared;
        let state = lock.lock().expect("no panics while holding the lock");
        let (state, _) = cvar
            .wait_timeout_while(state, timeout, |s| s.version <= seen)
            .expect("no panics while holding the lock");
        state.version
    }

    /// Status, content type and body for a request path such as `/ar/contacts/`.
    pub fn respond(&self, url: &str) -> (u16, String, Vec<u8>) {
        let path = url.split(['?', '#']).next().unwrap_or("");
        if path == WAIT_PATH {
            let seen = url
                .split_once("v=")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(0);
            let v = self.wait(seen, Duration::from_secs(25));
            return (200, "text/plain".into(), v.to_string().into_bytes());
        }
        let Some(file) = file_path(path) else {
            return (400, "text/plain".into(), b"bad path".to_vec());
        };
        // No offline copies in the preview: they would hide the edits being previewed.
        if file.ends_with("/sw.js") {
            return (
                404,
                "text/plain".into(),
                b"no service worker in the preview".to_vec(),
            );
        }
        // A guide on paper is printed, a recording read, when it is asked for, from the site
        // as it is now.
        if file.contains("/guides/") && !file.ends_with(".html") {
            let loaded = self
                .last
                .lock()
                .expect("no panics while holding the lock")
                .clone();
            match loaded.map(|l| crate::build::guide_file(&l, &file)) {
                Some(Some(Ok(pdf))) => return (200, content_type(&file), pdf),
                Some(Some(Err(d))) => {
                    return (
                        500,
                        "text/plain; charset=utf-8".into(),
                        d.to_string().into_bytes(),
                    );
                }
                _ => {}
            }
        }
        let state = self
            .shared
            .0
            .lock()
            .expect("no panics while holding the lock");
        let reload = RELOAD_SCRIPT.replace("VERSION", &state.version.to_string());
        let html = "text/html; charset=utf-8".to_owned();
        if let (Some(page), true) = (&state.error, file.ends_with(".html")) {
            return (500, html, format!("{page}{reload}").into_bytes());
        }
        match state
            .files
            .get(&file)
            .or_else(|| state.files.get(&format!("{file}/index.html")))
        {
            Some(bytes) if file.ends_with(".html") || !file.contains('.') => {
                let mut body = bytes.to_vec();
                body.extend_from_slice(reload.as_bytes());
                (200, html, body)
            }
            Some(bytes) => (200, content_type(&file), bytes.to_vec()),
            None => {
                let mut body = state
                    .files
                    .get("404.html")
                    .map(|b| b.to_vec())
                    .unwrap_or_default();
                body.extend_from_slice(reload.as_bytes());
                (404, html, body)
            }
        }
    }
}

/// `Ok`'s value, its warnings moved into `diags`; or `None`, with `Err`'s problems in `diags`.
fn reported<T>(
    result: Result<T, Diagnostics>,
    warnings: fn(&mut T) -> &mut Diagnostics,
    diags: &mut Diagnostics,
) -> Option<T> {
    match result {
        Ok(mut value) => {
            diags.extend(std::mem::take(warnings(&mut value)));
            Some(value)
        }
        Err(e) => {
            diags.extend(e);
            None
        }
    }
}

/// The files `changed` names, for the next load to trust that no other file changed; `None`
/// when a content folder itself changed (moved, removed, replaced): then the files in it
/// were not each named.
fn trusted(root: &Path, changed: &[String]) -> Option<std::collections::HashSet<PathBuf>> {
    let folder = |p: &str| {
        let p = p.trim_end_matches('/');
        p.is_empty() || crate::load::CONTENT_DIRS.contains(&p)
    };
    if changed.iter().any(|p| folder(p)) {
        return None;
    }
    // Joined part by part: the paths are compared with listed ones byte for byte, and on
    // Windows those are written with `\`.
    Some(
        changed
            .iter()
            .map(|p| root.join(p.split('/').collect::<PathBuf>()))
            .collect(),
    )
}

/// The file for a URL path, or `None` when the path tries to leave the site.
fn file_path(path: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    crate::render::urls::resolve("index.html", decoded.trim_start_matches('/'))
}

fn content_type(file: &str) -> String {
    match file.rsplit('.').next() {
        Some("vcf") => "text/vcard; charset=utf-8".into(),
        _ => {
            let mime = mime_guess::from_path(file).first_or_octet_stream();
            if mime.type_() == "text" || mime.subtype() == "xml" || mime.subtype() == "javascript" {
                format!("{mime}; charset=utf-8")
            } else {
                mime.to_string()
            }
        }
    }
}

fn error_page(diags: &Diagnostics) -> String {
    let text = diags.render(false);
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
         <title>wegwijs: the site has errors</title><body style=\"font-family:system-ui;margin:1rem\">\
         <h1 style=\"color:#a4161a\">The site has {} error(s)</h1><p>Fix the files named below and save: this page \
         reloads by itself. Until then the last good version is still served for other files.</p>\
         <pre style=\"white-space:pre-wrap;background:#f6f6f6;padding:1rem;border-radius:.5rem\">{escaped}</pre>",
        diags.error_count()
    )
}

/// Serves the site at `root` on `addr` until the process ends, rebuilding on every change.
pub fn serve(
    root: &Path,
    addr: SocketAddr,
    on_rebuild: impl Fn(&Rebuilt) + Send + Sync + 'static,
) -> std::io::Result<()> {
    // The address first: a port another program holds is said before any work.
    let listener = std::net::TcpListener::bind(addr)?;
    let preview = Preview::default();
    let on_rebuild = Arc::new(on_rebuild);
    // Watching before the first build: a file saved while it runs is named by an event.
    let report = on_rebuild.clone();
    watch(root.to_path_buf(), preview.clone(), move |r| report(r))?;
    on_rebuild(&preview.rebuild(root));
    let editor = editor::Editor::new(root);
    http::run(
        listener,
        editor::MAX_BODY,
        http::Caching::Never,
        Arc::new(move |asked| answer(&preview, &editor, asked)),
    )
}

fn answer(preview: &Preview, editor: &editor::Editor, asked: http::Asked) -> http::Answer {
    if asked.url.starts_with("/edit/") || asked.url == "/edit" {
        let url = if asked.url == "/edit" {
            "/edit/"
        } else {
            &asked.url
        };
        editor.answer(editor::Asked {
            method: &asked.method,
            url,
            peer: asked.peer,
            origin: asked.header("Origin"),
            host: asked.header("Host"),
            token: asked.header("X-Wegwijs-Token"),
            body: asked.body.as_deref(),
        })
    } else {
        preview.respond(&asked.url)
    }
}

/// Rebuilds when a file of the site changes, a few changes at once counted as one.
fn watch(
    root: PathBuf,
    preview: Preview,
    on_rebuild: impl Fn(&Rebuilt) + Send + 'static,
) -> std::io::Result<()> {
    use notify::{RecursiveMode, Watcher};
    let (tx, rx) = std::sync::mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx).map_err(std::io::Error::other)?;
    watcher
        .watch(&root, RecursiveMode::Recursive)
        .map_err(std::io::Error::other)?;
    std::thread::spawn(move || {
        let _watcher = watcher;
        let canonical = root.canonicalize().unwrap_or_else(|_| root.clone());
        let inside = |p: &PathBuf| -> Option<PathBuf> {
            let rel = p
                .strip_prefix(&canonical)
                .or_else(|_| p.strip_prefix(&root))
                .ok()?;
            Some(rel.to_path_buf())
        };
        // Files of the site, not of editors (hidden swap files) or of earlier builds.
        let wanted = |p: &PathBuf| {
            let Some(rel) = inside(p) else {
                return true;
            };
            let first = rel
                .components()
                .next()
                .map(|c| c.as_os_str().to_string_lossy().into_owned());
            let hidden = rel
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
            !hidden
                && !matches!(
                    first.as_deref(),
                    Some("public") | Some("cards") | Some("paper")
                )
        };
        // Reading files (as every rebuild does) is an event too: only changes count.
        let relevant = |e: &notify::Event| {
            use notify::EventKind::{Create, Modify, Remove};
            let change = match e.kind {
                Modify(notify::event::ModifyKind::Metadata(_)) => false,
                Create(_) | Modify(_) | Remove(_) => true,
                _ => false,
            };
            change && e.paths.iter().any(wanted)
        };
        // The changed files relative to the site folder; `None` when one lies elsewhere or
        // its name is not UTF-8 (it could not be named exactly).
        let relative = |paths: &[PathBuf]| -> Option<Vec<String>> {
            paths
                .iter()
                .map(|p| Some(inside(p)?.to_str()?.replace('\\', "/")))
                .collect()
        };
        // A watcher that lost events (its queue overflowed) cannot say what changed.
        let lost = |e: &notify::Result<notify::Event>| e.as_ref().map_or(true, |e| e.need_rescan());
        while let Ok(event) = rx.recv() {
            let mut unknown = lost(&event);
            let mut paths: Vec<PathBuf> = match event {
                Ok(e) if relevant(&e) => e.paths.into_iter().filter(wanted).collect(),
                _ if unknown => Vec::new(),
                _ => continue,
            };
            // Editors write a file in several steps; wait until they are done.
            while let Ok(next) = rx.recv_timeout(Duration::from_millis(30)) {
                unknown |= lost(&next);
                if let Ok(e) = next
                    && relevant(&e)
                {
                    paths.extend(e.paths.into_iter().filter(wanted));
                }
            }
            paths.sort();
            paths.dedup();
            let changed = if unknown { None } else { relative(&paths) };
            on_rebuild(&preview.rebuild_after(&root, changed.as_deref()));
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_site() {
        assert_eq!(file_path("/").unwrap(), "index.html");
        assert_eq!(
            file_path("/ar/contacts/").unwrap(),
            "ar/contacts/index.html"
        );
        assert_eq!(file_path("/style.css").unwrap(), "style.css");
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/etc/passwd",
            "/ar/..%2f..%2fsecret",
            "/a\\b",
        ] {
            assert!(file_path(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn a_changed_content_folder_is_not_trusted_file_by_file() {
        let root = Path::new("/site");
        let files = trusted(root, &["guides/a.nl.md".into(), "site.yaml".into()]).unwrap();
        assert!(files.contains(&root.join("guides/a.nl.md")));
        assert!(trusted(root, &["guides".into()]).is_none());
        assert!(trusted(root, &["contacts/".into(), "guides/a.nl.md".into()]).is_none());
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("nl/card.pdf"), "application/pdf");
        assert_eq!(
            content_type("nl/contacts/a.vcf"),
            "text/vcard; charset=utf-8"
        );
        assert_eq!(content_type("sitemap.xml"), "text/xml; charset=utf-8");
    }
}
