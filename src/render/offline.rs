//! Offline reading: per language a web app manifest and a service worker. After the first
//! visit to a language's pages, the worker keeps that language's pages, style, scripts,
//! contact cards and printable card on the phone; pages come from the network while there is
//! one (so a reader sees changes) and from the phone when there is none. A guide's recording
//! is kept once it has been played, the last few at most.

use sha2::{Digest, Sha256};

use super::OutputFile;
use crate::model::{LangInfo, Site, Translated};

/// How many recordings a language's worker keeps on the phone, the last played.
pub const RECORDINGS_KEPT: usize = 3;

/// What the worker needs to know of a file it keeps: where it is, how large, and a digest of
/// its bytes (the worker's version follows every kept file).
#[derive(Clone, Debug)]
pub struct Kept {
    pub path: String,
    pub len: usize,
    pub digest: [u8; 32],
}

/// Whether some language's worker keeps the file at `path`: a language's pages, vCards and
/// card, and what every page uses. Search indexes are kept only as they are used (in the
/// bounded runtime cache). Guides on paper are not kept: a phone reads the page, and a
/// town's guides as PDFs would fill a cheap phone's storage.
fn kept_by_some_language(path: &str) -> bool {
    match path.split_once('/') {
        Some((_, file)) => {
            !file.is_empty()
                && (path.ends_with(".html")
                    || path.ends_with(".vcf")
                    || path.ends_with("/card.pdf"))
        }
        None => path.ends_with(".css") || path.ends_with(".js") || path.ends_with(".svg"),
    }
}

/// The files `lang`'s worker keeps, of those some language keeps.
fn precached<'k>(lang: &LangInfo, kept: &'k [Kept]) -> impl Iterator<Item = &'k Kept> {
    let prefix = format!("{}/", lang.code);
    kept.iter()
        .filter(move |k| !k.path.contains('/') || k.path.starts_with(&prefix))
}

/// A sink in front of another that notes, of every file passing on, what the workers need.
pub struct Recorder<'s> {
    inner: &'s dyn super::Sink,
    kept: std::sync::Mutex<Vec<Kept>>,
    files: std::sync::atomic::AtomicUsize,
}

impl<'s> Recorder<'s> {
    pub fn new(inner: &'s dyn super::Sink) -> Self {
        Recorder {
            inner,
            kept: Default::default(),
            files: Default::default(),
        }
    }

    /// How many files passed on.
    pub fn files(&self) -> usize {
        self.files.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The kept files so far, by path.
    pub fn kept(&self) -> Vec<Kept> {
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner()).clone();
        kept.sort_by(|a, b| a.path.cmp(&b.path));
        kept
    }
}

impl super::Sink for Recorder<'_> {
    fn put(&self, file: OutputFile) -> Result<(), crate::diagnostics::Diagnostic> {
        if kept_by_some_language(&file.path) {
            let kept = Kept {
                path: file.path.clone(),
                len: file.bytes.len(),
                digest: Sha256::digest(&file.bytes).into(),
            };
            self.kept
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(kept);
        }
        self.files
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.inner.put(file)
    }
}

/// The URL of an output file relative to the language folder, where the worker lives.
fn relative(lang: &LangInfo, path: &str) -> String {
    let prefix = format!("{}/", lang.code);
    let url = match path.strip_prefix(&prefix) {
        Some(own) => format!("./{own}"),
        None => format!("../{path}"),
    };
    url.strip_suffix("index.html").unwrap_or(&url).to_owned()
}

/// The manifest and the service worker of every language, for the finished files as `kept`
/// (in path order).
pub fn files(site: &Site, kept: &[Kept]) -> Vec<OutputFile> {
    let mut out = Vec::new();
    for lang in &site.config.languages {
        let mut hasher = Sha256::new();
        let mut urls: Vec<String> = Vec::new();
        let mut bytes = 0;
        for k in precached(lang, kept) {
            hasher.update(k.path.as_bytes());
            hasher.update(k.digest);
            urls.push(relative(lang, &k.path));
            bytes += k.len;
        }
        let manifest = manifest(site, lang);
        hasher.update(manifest.as_bytes());
        urls.push("./manifest.webmanifest".into());
        urls.sort();
        let version: String = hasher.finalize()[..6]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let bytes = bytes + manifest.len();
        out.push(OutputFile {
            path: format!("{}/sw.js", lang.code),
            bytes: worker(lang, &version, &urls, bytes).into_bytes(),
        });
        out.push(OutputFile {
            path: format!("{}/manifest.webmanifest", lang.code),
            bytes: manifest.into_bytes(),
        });
    }
    out
}

fn text(t: &Translated<String>, lang: &LangInfo) -> String {
    t.get(&lang.code).value.clone()
}

fn manifest(site: &Site, lang: &LangInfo) -> String {
    let name = text(&site.config.name, lang);
    serde_json::json!({
        "name": name,
        "short_name": name,
        "lang": lang.code.as_str(),
        "dir": lang.dir.as_str(),
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5394",
        "icons": [{"src": "../app-icon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"}],
    })
    .to_string()
}

fn worker(lang: &LangInfo, version: &str, urls: &[String], bytes: usize) -> String {
    let list = serde_json::to_string(urls).expect("strings serialise");
    format!(
        r#"// wegwijs offline reading for {lang}: {count} files, {kb} KB kept on the phone.
"use strict";
const PREFIX = "wegwijs-{lang}-";
const CACHE = PREFIX + "{version}";
const RUNTIME = PREFIX + "runtime";
const RUNTIME_MAX = 60;
// Recordings are large: one is kept once it has been played (nothing asks for it before: its
// player loads nothing until play), the last {recordings_max} played at most. The worker fetches
// it whole once, plays from that download as it arrives and stores it: never downloaded twice.
// Their names change with their content, so a kept copy is never stale.
const RECORDINGS = PREFIX + "recordings";
const RECORDINGS_MAX = {recordings_max};
const RECORDING = /\/guides\/[^/]+\/recording-[0-9a-f]+\.(mp3|m4a|ogg|opus)$/;
const FILES = {list};
// Pages come from the network while there is one, but a weak signal should not keep a reader
// waiting: after this long the copy on the phone is shown.
const PATIENCE_MS = 4000;

self.addEventListener("install", (event) => {{
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
}});

self.addEventListener("activate", (event) => {{
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE && k !== RUNTIME && k !== RECORDINGS).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
}});

function remember(request, response) {{
  if (!response.ok) return;
  const copy = response.clone();
  caches.open(RUNTIME).then(async (c) => {{
    await c.put(request, copy);
    const keys = await c.keys();
    for (const old of keys.slice(0, Math.max(0, keys.length - RUNTIME_MAX))) await c.delete(old);
  }});
}}

async function page(request) {{
  const cached = () => caches.match(request, {{ ignoreSearch: true }}).then((hit) => hit || caches.match("./"));
  try {{
    const response = await Promise.race([
      fetch(request),
      new Promise((_, fail) => setTimeout(() => fail(new Error("slow")), PATIENCE_MS)),
    ]);
    if (response.ok) {{
      const copy = response.clone();
      caches.open(CACHE).then((c) => c.put(request, copy));
    }}
    return response;
  }} catch (e) {{
    return cached();
  }}
}}

// Lets `work` finish after the answer has gone; a failure only means nothing is kept.
function last(event, work) {{
  const quiet = work.catch(() => {{}});
  try {{ event.waitUntil(quiet); }} catch (e) {{ /* the worker lives while the player reads */ }}
}}

async function trim(c) {{
  const keys = await c.keys();
  for (const old of keys.slice(0, Math.max(0, keys.length - RECORDINGS_MAX))) await c.delete(old);
}}

function ranged(whole, range, type) {{
  const size = whole.size;
  const start = range[1] === "" ? Math.max(0, size - Number(range[2])) : Number(range[1]);
  const end = range[1] !== "" && range[2] !== "" ? Math.min(Number(range[2]), size - 1) : size - 1;
  if (start > end) return new Response("", {{ status: 416, headers: {{ "Content-Range": "bytes */" + size }} }});
  return new Response(whole.slice(start, end + 1), {{
    status: 206,
    headers: {{
      "Content-Type": type,
      "Content-Range": "bytes " + start + "-" + end + "/" + size,
      "Content-Length": String(end - start + 1),
      "Accept-Ranges": "bytes",
    }},
  }});
}}

async function recording(event) {{
  const request = event.request;
  const c = await caches.open(RECORDINGS);
  const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.get("range") || "");
  const hit = await c.match(request.url);
  if (hit) {{
    // Played again: it becomes the last played.
    const whole = await hit.blob();
    const type = hit.headers.get("Content-Type") || "audio/mpeg";
    last(event, c.delete(request.url).then(() => c.put(request.url, new Response(whole, {{ headers: {{ "Content-Type": type }} }}))));
    return range ? ranged(whole, range, type) : new Response(whole, {{ headers: {{ "Content-Type": type }} }});
  }}
  // A jump ahead before it is kept goes to the network as asked.
  if (range && range[1] !== "" && range[1] !== "0") return fetch(request);
  const response = await fetch(request.url);
  if (response.status !== 200 || !response.body) return response;
  const [play, keep] = response.body.tee();
  const headers = {{ "Content-Type": response.headers.get("Content-Type") || "audio/mpeg" }};
  last(event, c.put(request.url, new Response(keep, {{ headers }})).then(() => trim(c)));
  return new Response(play, {{ status: 200, headers }});
}}

self.addEventListener("fetch", (event) => {{
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  const path = new URL(request.url).pathname;
  if (RECORDING.test(path)) {{
    event.respondWith(recording(event));
    return;
  }}
  // Guides on paper are printed, not kept on a phone.
  if (path.endsWith("/guide.pdf")) return;
  if (request.mode === "navigate") {{
    event.respondWith(page(request));
    return;
  }}
  event.respondWith(
    caches.match(request).then((hit) => hit || fetch(request).then((response) => {{
      remember(request, response);
      return response;
    }}))
  );
}});
"#,
        lang = lang.code,
        count = urls.len(),
        kb = bytes.div_ceil(1024),
        recordings_max = RECORDINGS_KEPT,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Dir, Lang};

    #[test]
    fn urls_are_relative_to_the_language_folder() {
        let nl = LangInfo {
            code: Lang::parse("nl").unwrap(),
            name: "Nederlands".into(),
            dir: Dir::Ltr,
        };
        assert_eq!(relative(&nl, "nl/index.html"), "./");
        assert_eq!(relative(&nl, "nl/guides/a/index.html"), "./guides/a/");
        assert_eq!(relative(&nl, "nl/card.pdf"), "./card.pdf");
        assert_eq!(relative(&nl, "style.css"), "../style.css");
    }

    #[test]
    fn workers_keep_their_own_pages_and_what_every_page_uses() {
        for kept in [
            "nl/index.html",
            "ar/contacts/amira.vcf",
            "ti/card.pdf",
            "style.css",
            "hours.js",
            "app-icon.svg",
        ] {
            assert!(kept_by_some_language(kept), "{kept}");
        }
        for not in [
            "index.html",
            "404.html",
            "sitemap.xml",
            "pagefind/pagefind.js",
            "nl/map/map.svg",
            "ar/guides/first-week/guide.pdf",
            "open-data/services.json",
        ] {
            assert!(!kept_by_some_language(not), "{not}");
        }
    }
}
