//! The browser editor at `/edit/` of `wegwijs serve`: forms for site.yaml, the services, the
//! contacts and the guides' front matter, made by JSON Editor (vendored in `editor/`,
//! embedded) from the schemas of `load::schema`, saved through here.
//!
//! Every save is checked as `build` checks a site, with the edited file read from memory
//! (`build::load_with`): a save that would bring a new error is refused with each problem at
//! its field, and nothing is written. A valid save changes only the fields that differ
//! (`translations::edit::apply`: comments and order stay), and the preview reloads as after
//! any edit. Only this computer may use the editor, at an address naming it (`Host`); every
//! write needs the page's token and an `Origin` of the preview itself, and a body of at most
//! [`MAX_BODY`] bytes.

use std::collections::BTreeSet;
use std::hash::{BuildHasher, Hasher};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::build;
use crate::diagnostics::{Diagnostics, Severity};
use crate::load::schema::{SchemaFile, SiteIds};
use crate::load::{self, Overlay};
use crate::model::Id;
use crate::translations::edit::apply::{apply, path_at};

mod form;
mod guides;
mod minor;
use minor::Correction;
mod paths;
use form::{form_schema, shape_problem, without_untouched_defaults};
use paths::{checked_path, is_local_host, kind_of, percent_decode};

/// The largest request body a save may have.
pub const MAX_BODY: usize = 1024 * 1024;

const PAGE: &str = include_str!("../../../editor/editor.html");
const SCRIPT: &[u8] = include_bytes!("../../../editor/editor.js");
const STYLE: &[u8] = include_bytes!("../../../editor/editor.css");
const JSON_EDITOR: &[u8] = include_bytes!("../../../editor/jsoneditor.js");

/// The editor of the site at `root`, with the token its page carries.
pub struct Editor {
    root: PathBuf,
    token: String,
}

/// What a request asks of the editor, as read from the connection.
pub struct Asked<'a> {
    pub method: &'a str,
    pub url: &'a str,
    pub peer: SocketAddr,
    pub origin: Option<&'a str>,
    pub host: Option<&'a str>,
    pub token: Option<&'a str>,
    /// The body; `None` when it was larger than [`MAX_BODY`] or broke off.
    pub body: Option<&'a [u8]>,
}

pub use super::http::Answer;

fn json_answer(status: u16, value: Value) -> Answer {
    (
        status,
        "application/json".into(),
        value.to_string().into_bytes(),
    )
}

fn refuse(status: u16, message: &str) -> Answer {
    json_answer(status, json!({ "message": message }))
}

impl Editor {
    pub fn new(root: &Path) -> Editor {
        // Two 64-bit values from the standard library's randomly keyed hasher: 128 bits that
        // no other page can guess.
        let random = || {
            std::collections::hash_map::RandomState::new()
                .build_hasher()
                .finish()
        };
        Editor {
            root: root.to_path_buf(),
            token: format!("{:016x}{:016x}", random(), random()),
        }
    }

    /// The answer to a request under `/edit/`.
    pub fn answer(&self, asked: Asked) -> Answer {
        if !asked.peer.ip().is_loopback() {
            return refuse(
                403,
                "the editor works only on the computer that runs wegwijs serve",
            );
        }
        let (path, query) = asked.url.split_once('?').unwrap_or((asked.url, ""));
        let param = |name: &str| -> Option<String> {
            query.split('&').find_map(|kv| {
                let (k, v) = kv.split_once('=')?;
                (k == name).then(|| percent_decode(v))
            })
        };
        match (asked.method, path) {
            ("GET", "/edit/" | "/edit/index.html") => (
                200,
                "text/html; charset=utf-8".into(),
                PAGE.replace("TOKEN", &self.token).into_bytes(),
            ),
            ("GET", "/edit/editor.js") => (200, "text/javascript".into(), SCRIPT.to_vec()),
            ("GET", "/edit/jsoneditor.js") => (200, "text/javascript".into(), JSON_EDITOR.to_vec()),
            ("GET", "/edit/editor.css") => (200, "text/css".into(), STYLE.to_vec()),
            ("GET", "/edit/api/files") => self.files(),
            ("GET", "/edit/api/file") => match param("path").and_then(|p| checked_path(&p)) {
                Some(p) if guides::guide_path(&p).is_some() => self.guide(&p),
                Some(p) => self.file(&p),
                None => refuse(400, "not a file the editor edits"),
            },
            ("GET", "/edit/api/schema") => match param("kind").as_deref().and_then(kind_of) {
                Some(kind) => self.blank(kind),
                None => refuse(400, "not a kind of file the editor makes"),
            },
            ("POST", _) => {
                if let Err(why) = self.may_write(&asked) {
                    return refuse(403, why);
                }
                let Some(body) = asked.body else {
                    return refuse(413, "the edit is too large to save");
                };
                let sent = serde_json::from_slice::<Value>(body).unwrap_or_default();
                let value = sent.get("value").cloned();
                let text = sent.get("body").and_then(Value::as_str).map(str::to_owned);
                let guide = param("path")
                    .and_then(|p| checked_path(&p))
                    .filter(|p| guides::guide_path(p).is_some());
                // A small correction keeps the translations that were up to date so.
                let correction = match sent.get("minor") {
                    Some(Value::Bool(true)) => Correction::Small,
                    _ => Correction::OfMeaning,
                };
                if let (Some(p), Some(meta), Some(text)) = (&guide, &value, &text) {
                    return match path {
                        "/edit/api/file" => {
                            let prior = self.prior(p);
                            let answer = self.save_guide(p, meta, text);
                            self.record_translations(p, &prior, None, correction, answer)
                        }
                        "/edit/api/preview" => self.preview_guide(p, meta, text),
                        _ => refuse(400, "not an edit the editor knows"),
                    };
                }
                match (path, value) {
                    ("/edit/api/file", Some(value)) => {
                        match param("path").and_then(|p| checked_path(&p)) {
                            Some(p) => {
                                let before = std::fs::read_to_string(self.root.join(&p))
                                    .ok()
                                    .and_then(|t| serde_saphyr::from_str::<Value>(&t).ok())
                                    .unwrap_or_default();
                                let prior = self.prior(&p);
                                let answer = self.save(&p, &value, Exists::Yes);
                                self.record_translations(
                                    &p,
                                    &prior,
                                    Some((&before, &value)),
                                    correction,
                                    answer,
                                )
                            }
                            None => refuse(400, "not a file the editor edits"),
                        }
                    }
                    ("/edit/api/new", Some(value)) => {
                        match param("kind").as_deref().and_then(kind_of) {
                            Some(kind) => self.create(kind, &value),
                            None => refuse(400, "not a kind of file the editor makes"),
                        }
                    }
                    ("/edit/api/delete", _) => match param("path").and_then(|p| checked_path(&p)) {
                        Some(p) if p != load::CONFIG_FILE => self.delete(&p),
                        _ => refuse(400, "not a file the editor deletes"),
                    },
                    _ => refuse(400, "not an edit the editor knows"),
                }
            }
            _ => refuse(404, "not a page of the editor"),
        }
    }

    /// Whether a write may be carried out: the page's token, sent from the preview's own page.
    fn may_write(&self, asked: &Asked) -> Result<(), &'static str> {
        if asked.token != Some(self.token.as_str()) {
            return Err("the page is out of date: reload the editor and save again");
        }
        let (Some(origin), Some(host)) = (asked.origin, asked.host) else {
            return Err("a save must come from the editor's page");
        };
        if !is_local_host(host) || origin != format!("http://{host}") {
            return Err("a save must come from the editor's page on this computer");
        }
        Ok(())
    }

    fn raw_ids(&self) -> (load::RawSite, SiteIds) {
        let (raw, _) = load::load_site(&self.root);
        let (theme, _) = load::Theme::load(&raw.dir);
        let ids = SiteIds::of(&raw, theme.icons.keys().cloned());
        (raw, ids)
    }

    /// The services and contacts, and what is due for a check that it is still correct.
    fn files(&self) -> Answer {
        let (raw, _) = load::load_site(&self.root);
        let source = raw.source_language().unwrap_or_default();
        let services: Vec<Value> = raw
            .services
            .iter()
            .map(|d| {
                let name = d.data.name.value.get(source);
                json!({
                    "path": d.file.path,
                    "id": d.data.id.value,
                    "name": name.unwrap_or(&d.data.id.value),
                })
            })
            .collect();
        let guides: Vec<Value> = raw
            .guides
            .iter()
            .filter(|d| d.data.lang == source)
            .map(|d| json!({"path": d.file.path, "id": d.data.id, "name": d.data.meta.title.value}))
            .collect();
        let contacts: Vec<Value> = raw
            .contacts
            .iter()
            .map(|d| json!({"path": d.file.path, "id": d.data.id.value, "name": d.data.name.value}))
            .collect();
        let today = chrono::Local::now().date_naive();
        let overdue: Vec<Value> = build::load(&self.root)
            .map(|l| crate::check::overdue(&l.site, today))
            .unwrap_or_default()
            .into_iter()
            .map(|o| {
                json!({
                    "path": o.file,
                    "what": o.file,
                    "since": o.reviewed.map_or("never checked".to_owned(), |d| format!("checked {d}")),
                })
            })
            .collect();
        json_answer(
            200,
            json!({
                "services": services,
                "contacts": contacts,
                "guides": guides,
                "overdue": overdue,
                "today": today.to_string(),
            }),
        )
    }

    /// A file's values and the form's schema.
    fn file(&self, path: &str) -> Answer {
        let Some(kind) = SchemaFile::of_path(path) else {
            return refuse(400, "not a file the editor edits");
        };
        let text = match std::fs::read_to_string(self.root.join(path)) {
            Ok(t) => t,
            Err(_) => return refuse(404, "no such file"),
        };
        // A field the form does not know (a misspelt one) would be dropped by a save, and
        // with it what it holds: such a file is corrected in a text editor first.
        if let Some(problem) = shape_problem(kind, path, &text) {
            return refuse(
                422,
                &format!(
                    "{problem}. The form cannot show this file until it is corrected in a text editor (wegwijs check lists every problem)"
                ),
            );
        }
        let value = match serde_saphyr::from_str::<Value>(&text) {
            Ok(v) if v.is_object() => v,
            _ => {
                return refuse(
                    422,
                    "this file cannot be read as a form: correct it in a text editor first (wegwijs check says where)",
                );
            }
        };
        let (raw, ids) = self.raw_ids();
        // The heading: what the file is called, in the source language.
        let source = ids.source.clone().unwrap_or_default();
        let name = match value.get("name") {
            Some(Value::Object(t)) => t.get(&source).and_then(Value::as_str),
            Some(Value::String(n)) => Some(n.as_str()),
            _ => None,
        };
        let title = name.map_or(path.to_owned(), |n| format!("{n} — {path}"));
        json_answer(
            200,
            json!({
                "path": path,
                "title": title,
                "value": value,
                "schema": form_schema(kind, &ids, &raw),
            }),
        )
    }

    /// An empty form for a new file of `kind`.
    fn blank(&self, kind: SchemaFile) -> Answer {
        if kind == SchemaFile::GuideFrontMatter {
            return guides::blank();
        }
        let (raw, ids) = self.raw_ids();
        let title = match kind {
            SchemaFile::Service => "New service",
            _ => "New contact",
        };
        json_answer(
            200,
            json!({"title": title, "value": {}, "schema": form_schema(kind, &ids, &raw)}),
        )
    }

    fn create(&self, kind: SchemaFile, value: &Value) -> Answer {
        let id = value.get("id").and_then(Value::as_str).unwrap_or("").trim();
        if id.is_empty() {
            return json_answer(
                422,
                json!({
                    "message": "nothing was saved: write an id first",
                    "problems": [{"path": ["id"], "file": "", "message": "the id is empty", "help": "the id is the name in its web address and file: small letters, digits and single hyphens, like `health-centre`"}],
                }),
            );
        }
        let id = match Id::parse(id) {
            Ok(id) => id,
            Err(e) => {
                return json_answer(
                    422,
                    json!({
                        "message": "the id cannot be used: nothing was saved",
                        "problems": [{"path": ["id"], "file": "", "message": e, "help": "write small letters, digits and single hyphens, like `health-centre`"}],
                    }),
                );
            }
        };
        let folder = match kind {
            SchemaFile::Service => "services",
            SchemaFile::GuideFrontMatter => return self.new_guide(&id),
            _ => "contacts",
        };
        let path = format!("{folder}/{id}.yaml");
        if self.root.join(&path).exists() {
            return json_answer(
                409,
                json!({
                    "message": format!("{path} exists already: choose another id"),
                    "problems": [{"path": ["id"], "file": path, "message": "this id is taken", "help": "choose another id"}],
                }),
            );
        }
        self.save(&path, value, Exists::No)
    }

    /// Writes `value` into the file at `path` when the site then has no new error.
    fn save(&self, path: &str, value: &Value, exists: Exists) -> Answer {
        let old = match exists {
            Exists::Yes => match std::fs::read_to_string(self.root.join(path)) {
                Ok(t) => t,
                Err(_) => return refuse(404, "no such file"),
            },
            Exists::No => match SchemaFile::of_path(path) {
                Some(kind) => format!("{}\n", load::schema::modeline(kind, path)),
                None => String::new(),
            },
        };
        match self.edited(&old, value) {
            Ok(text) => self.write_checked(path, &old, text, exists),
            Err(e) => refuse(422, &format!("the form's values cannot be written: {e}")),
        }
    }

    /// `old` (YAML) with the form's `value` written in.
    fn edited(&self, old: &str, value: &Value) -> Result<String, String> {
        let mut value = value.clone();
        let old_value = serde_saphyr::from_str::<Value>(old)
            .ok()
            .filter(Value::is_object)
            .unwrap_or(json!({}));
        without_untouched_defaults(&mut value, &old_value);
        // New fields go where the type declares them, languages in the site's order.
        let (_, ids) = self.raw_ids();
        let languages: Vec<&str> = ids.languages.iter().map(String::as_str).collect();
        let mut orders = load::schema::field_orders();
        orders.push(&languages);
        apply(old, &value, &orders)
    }

    /// Writes `text` into `path` when the site with it has no error it has not now.
    fn write_checked(&self, path: &str, old: &str, text: String, exists: Exists) -> Answer {
        let overlay = Overlay {
            path: path.to_owned(),
            text: Some(text.clone()),
        };
        let locate = |at: usize| -> Vec<String> {
            match guides::guide_path(path) {
                Some(_) => guides::locate(&text, at),
                None => path_at(&text, at),
            }
        };
        let warnings = match self.checked(overlay, path, &locate) {
            Checked::Refused(answer) => return answer,
            Checked::Passed { warnings } => warnings,
        };
        if text == old && exists == Exists::Yes {
            return json_answer(200, json!({"message": "Nothing changed.", "path": path}));
        }
        match crate::output::write_file_atomic(&self.root.join(path), text.as_bytes()) {
            Ok(()) => json_answer(
                200,
                json!({
                    "message": format!("Saved {path}. The preview shows it in a moment."),
                    "path": path,
                    "warnings": warnings,
                }),
            ),
            Err(e) => refuse(
                500,
                &format!("cannot write {path}: {}", crate::diagnostics::io_words(&e)),
            ),
        }
    }

    fn delete(&self, path: &str) -> Answer {
        if !self.root.join(path).is_file() {
            return refuse(404, "no such file");
        }
        let overlay = Overlay {
            path: path.to_owned(),
            text: None,
        };
        let warnings = match self.checked(overlay, path, &|_| Vec::new()) {
            Checked::Refused(answer) => return answer,
            Checked::Passed { warnings } => warnings,
        };
        match crate::output::delete_file(&self.root.join(path)) {
            Ok(()) => json_answer(
                200,
                json!({"message": format!("Deleted {path}."), "warnings": warnings}),
            ),
            Err(e) => refuse(
                500,
                &format!("cannot delete {path}: {}", crate::diagnostics::io_words(&e)),
            ),
        }
    }

    /// The site with `overlay` checked as `build` checks it, against the site on disk: refused
    /// when it has an error the site on disk has not, else the warnings it has anew (a
    /// service left without a contact, translations a change made outdated).
    fn checked(
        &self,
        overlay: Overlay,
        path: &str,
        locate: &dyn Fn(usize) -> Vec<String>,
    ) -> Checked {
        let deleted = overlay.text.is_none();
        let key = |d: &crate::diagnostics::Diagnostic| {
            (d.file.as_ref().map(|f| f.path.clone()), d.message.clone())
        };
        let before: BTreeSet<_> = match build::load(&self.root) {
            Ok(l) => l.warnings.iter().map(key).collect(),
            Err(d) => d.iter().map(key).collect(),
        };
        let after = match build::load_with(&self.root, overlay) {
            Ok(loaded) => {
                let warnings = loaded
                    .warnings
                    .iter()
                    .filter(|d| d.severity == Severity::Warning && !before.contains(&key(d)))
                    .map(|d| {
                        json!({
                            "file": d.file.as_ref().map(|f| f.path.clone()).unwrap_or_default(),
                            "line": d.line_col().map(|(l, _)| l),
                            "message": d.message,
                            "help": d.help,
                        })
                    })
                    .collect();
                return Checked::Passed { warnings };
            }
            Err(d) => d,
        };
        let new: Vec<Value> = errors(&after)
            .filter(|d| !before.contains(&key(d)))
            .map(|d| {
                let file = d.file.as_ref().map(|f| f.path.clone()).unwrap_or_default();
                // A field the file lacks is shown where the form has it.
                let missing = load::missing_field(&d.message);
                let field = match (&d.span, missing) {
                    (_, Some(key)) if file == path => vec![key.to_owned()],
                    (Some(span), _) if file == path => locate(span.start),
                    _ => Vec::new(),
                };
                let line = d.line_col().map(|(l, _)| l);
                // After a delete, what still refers to the file is what the person must change.
                let (message, help) = if deleted {
                    let at = line.map_or(String::new(), |l| format!(", line {l},"));
                    (
                        format!("{file}{at} still names it"),
                        Some(format!("change or delete that first, then delete {path}")),
                    )
                } else {
                    (d.message.clone(), d.help.clone())
                };
                let referring = file.clone();
                // The place is in the message already.
                let (file, line) = if deleted {
                    (String::new(), None)
                } else {
                    (file, line)
                };
                json!({
                    "path": field,
                    "file": file,
                    "line": line,
                    "message": message,
                    "help": help,
                    // After a delete: the file to open and change.
                    "open": deleted.then_some(&referring),
                })
            })
            .collect();
        // A file that names it twice on one line is one place to change.
        let mut seen = BTreeSet::new();
        let mut new = new;
        new.retain(|p| {
            seen.insert((
                p["message"].to_string(),
                p["file"].to_string(),
                p["line"].to_string(),
            ))
        });
        if new.is_empty() {
            return Checked::Passed {
                warnings: Vec::new(),
            };
        }
        let message = if deleted {
            "not deleted: the site still needs it"
        } else {
            "not saved: the site would have these problems"
        };
        Checked::Refused(json_answer(
            422,
            json!({"message": message, "problems": new}),
        ))
    }
}

/// What checking an edit found: a refusal, or the warnings it brings.
enum Checked {
    Refused(Answer),
    Passed { warnings: Vec<Value> },
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Exists {
    Yes,
    No,
}

fn errors(d: &Diagnostics) -> impl Iterator<Item = &crate::diagnostics::Diagnostic> {
    d.iter().filter(|d| d.severity == Severity::Error)
}
