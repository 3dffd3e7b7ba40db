//! Guides in the browser editor: the front matter as a form, the Markdown in a text area, and
//! beside it the guide's page as it would be with the text being typed (rendered from the
//! site with the edited file in memory, as a save would make it).

use serde_json::{Value, json};

use super::form::{form_schema, shape_problem};
use super::{Answer, Editor, Exists, json_answer, refuse};
use crate::build;
use crate::load::schema::SchemaFile;
use crate::load::{self, Overlay};
use crate::model::{Id, Lang};
use crate::render::{PageKey, Selection};

/// The guide's id and language when `path` is `guides/<id>.<lang>.md` with a valid id and code.
pub(super) fn guide_path(path: &str) -> Option<(Id, Lang)> {
    let name = path.strip_prefix("guides/")?.strip_suffix(".md")?;
    let (id, lang) = name.rsplit_once('.')?;
    let lang = Lang::parse(lang).ok().filter(|l| l.as_str() == lang)?;
    Some((Id::parse(id).ok()?, lang))
}

/// The form's field a byte of a guide's file lies in: a front matter field, or the text.
pub(super) fn locate(text: &str, at: usize) -> Vec<String> {
    match load::split_front_matter(text) {
        Some((meta, _)) if meta.contains(&at) => {
            crate::translations::edit::apply::path_at(&text[meta.clone()], at - meta.start)
        }
        _ => vec!["body".into()],
    }
}

/// The front matter and body of a guide's file (empty for a file not written yet).
fn parts(text: &str) -> (String, String) {
    match load::split_front_matter(text) {
        Some((meta, body)) => (text[meta].to_owned(), text[body..].to_owned()),
        None => (String::new(), text.to_owned()),
    }
}

/// The form for a new guide: its id first; the guide itself is written in its own form.
pub(super) fn blank() -> Answer {
    json_answer(
        200,
        json!({
            "title": "New guide",
            "value": {},
            "schema": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": {
                    "type": "string",
                    "title": "id",
                    "description": "The guide's name in its web address: small letters, digits and single hyphens, like housing-benefit. It cannot be changed later without changing the links to it.",
                }},
            },
        }),
    )
}

impl Editor {
    /// Where a new guide with this `id` is written in the source language, when no guide has
    /// the id yet. Nothing is written until its form is saved.
    pub(super) fn new_guide(&self, id: &Id) -> Answer {
        let (_, ids) = self.raw_ids();
        let taken = std::fs::read_dir(self.root.join("guides"))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .find(|name| {
                name.strip_suffix(".md")
                    .and_then(|n| n.rsplit_once('.'))
                    .is_some_and(|(i, _)| i == id.as_str())
            });
        if let Some(name) = taken {
            return json_answer(
                409,
                json!({
                    "message": format!("guides/{name} has this id already: choose another id"),
                    "problems": [{"path": ["id"], "file": format!("guides/{name}"), "message": "another guide has this id", "help": "choose another id, or open that guide from the list"}],
                }),
            );
        }
        let source = ids.source.unwrap_or_else(|| "nl".into());
        json_answer(
            200,
            json!({
                "message": "Write the guide's title, summary and text, then save: nothing is written until then.",
                "path": format!("guides/{id}.{source}.md"),
            }),
        )
    }

    /// A guide's front matter, text and form, with its other languages.
    pub(super) fn guide(&self, path: &str) -> Answer {
        let Some((id, lang)) = guide_path(path) else {
            return refuse(400, "not a guide's file");
        };
        let exists = self.root.join(path).is_file();
        let text = std::fs::read_to_string(self.root.join(path)).unwrap_or_default();
        // A front matter field the form does not know would be dropped by a save.
        if !text.is_empty()
            && let Some(problem) = shape_problem(SchemaFile::GuideFrontMatter, path, &text)
        {
            return refuse(
                422,
                &format!(
                    "{problem}. The form cannot show this file until it is corrected in a text editor (wegwijs check lists every problem)"
                ),
            );
        }
        let (meta, body) = parts(&text);
        let meta = serde_saphyr::from_str::<Value>(&meta)
            .ok()
            .filter(Value::is_object)
            .unwrap_or(json!({}));
        let (raw, ids) = self.raw_ids();
        let languages: Vec<Value> = ids
            .languages
            .iter()
            .map(|l| {
                let path = format!("guides/{id}.{l}.md");
                json!({"lang": l, "path": path, "exists": self.root.join(&path).is_file()})
            })
            .collect();
        let dir = lang.default_dir().as_str();
        let mut schema = form_schema(SchemaFile::GuideFrontMatter, &ids, &raw);
        let source = ids.source.as_deref() == Some(lang.as_str());
        if source {
            // The source file places the guide: its category is chosen, never left out.
            if let Some(Value::Array(shown)) = schema.get_mut("required")
                && !shown.iter().any(|f| f == "category")
            {
                shown.push(json!("category"));
            }
        } else if let Some(Value::Object(fields)) = schema.get_mut("properties") {
            // A translation has its title and summary; the rest is the source file's.
            fields.retain(|k, _| k == "title" || k == "summary");
        }
        // The title and summary are written in the file's language.
        for field in ["title", "summary"] {
            if let Some(Value::Object(f)) = schema.pointer_mut(&format!("/properties/{field}")) {
                f.insert(
                    "options".into(),
                    json!({"inputAttributes": {"lang": lang.as_str(), "dir": dir}}),
                );
            }
        }
        json_answer(
            200,
            json!({
                "path": path,
                "title": match meta.get("title").and_then(Value::as_str) {
                    Some(t) if !t.trim().is_empty() => format!("{t} — {path}"),
                    _ => path.to_owned(),
                },
                "exists": exists,
                "value": meta,
                "body": body,
                "lang": lang.as_str(),
                "dir": dir,
                "languages": languages,
                "schema": schema,
            }),
        )
    }

    /// The file a guide's form makes: the front matter edited in place, then the text.
    fn guide_text(&self, path: &str, meta: &Value, body: &str) -> Result<(String, String), String> {
        let old = std::fs::read_to_string(self.root.join(path)).unwrap_or_default();
        let (old_meta, _) = parts(&old);
        // A field the form does not show (a translation's form has only its title and
        // summary) stays as the file has it.
        let mut meta = meta.clone();
        if let (Value::Object(sent), Ok(Value::Object(had))) =
            (&mut meta, serde_saphyr::from_str::<Value>(&old_meta))
        {
            for (k, v) in had {
                sent.entry(k).or_insert(v);
            }
        }
        let mut meta = self.edited(&old_meta, &meta)?;
        if !meta.ends_with('\n') {
            meta.push('\n');
        }
        let body = body.replace("\r\n", "\n");
        Ok((old, format!("---\n{meta}---\n{body}")))
    }

    pub(super) fn save_guide(&self, path: &str, meta: &Value, body: &str) -> Answer {
        match self.guide_text(path, meta, body) {
            Ok((old, text)) => {
                let exists = if old.is_empty() {
                    Exists::No
                } else {
                    Exists::Yes
                };
                self.write_checked(path, &old, text, exists)
            }
            Err(e) => refuse(422, &format!("the form's values cannot be written: {e}")),
        }
    }

    /// The guide's page in its language as it would be with this front matter and text.
    pub(super) fn preview_guide(&self, path: &str, meta: &Value, body: &str) -> Answer {
        let Some((id, lang)) = guide_path(path) else {
            return refuse(400, "not a guide's file");
        };
        let text = match self.guide_text(path, meta, body) {
            Ok((_, t)) => t,
            Err(e) => return refuse(422, &e),
        };
        let overlay = Overlay {
            path: path.to_owned(),
            text: Some(text),
        };
        let loaded = match build::load_with(&self.root, overlay) {
            Ok(l) => l,
            Err(d) => {
                let problems: Vec<String> = d
                    .iter()
                    .filter(|d| d.severity == crate::diagnostics::Severity::Error)
                    .map(|d| d.message.clone())
                    .collect();
                return json_answer(
                    422,
                    json!({"message": "no preview while the site has a problem", "problems_text": problems}),
                );
            }
        };
        let selection = Selection {
            pages: [PageKey::Guide(id.clone())].into_iter().collect(),
            vcards: Default::default(),
            cards: false,
            sitemap: false,
        };
        let Ok((_, files)) = crate::build::render_in_memory(
            &loaded,
            Some(&selection),
            crate::build::GuideFiles::OnRequest,
        ) else {
            return refuse(500, "the guide's page could not be made");
        };
        let page = format!("{lang}/guides/{id}/index.html");
        let Some(file) = files.iter().find(|f| f.path == page) else {
            return refuse(404, "the guide has no page in this language");
        };
        // The page's relative links resolve against its place in the preview.
        let html = String::from_utf8_lossy(&file.bytes).replacen(
            "<head>",
            &format!("<head><base href=\"/{lang}/guides/{id}/\">"),
            1,
        );
        json_answer(200, json!({"html": html}))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_guide_files_with_a_valid_id_and_language_are_named() {
        assert!(guide_path("guides/first-week.nl.md").is_some());
        for bad in [
            "guides/first-week.md",
            "guides/../x.nl.md",
            "guides/a.NL.md",
            "guides/a b.nl.md",
            "services/a.yaml",
        ] {
            assert!(guide_path(bad).is_none(), "{bad}");
        }
        let text = "---\ntitle: A\nsummary: B\n---\nBody\n";
        assert_eq!(locate(text, text.find('B').unwrap()), ["summary"]);
        assert_eq!(locate(text, text.find("Body").unwrap()), ["body"]);
    }
}
