//! What a save in the editor records about translations, as the translation commands would:
//! a save marked as a small correction (a typo, a comma) keeps the translations that were up to
//! date with the text before it so (`translations minor`); a translation changed in the same
//! save as its source text is recorded as made from it (`translations accept`). Only texts
//! whose source this save changed are touched: an earlier change of meaning that no one
//! recorded keeps its translations outdated.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::{Answer, Editor};
use crate::build;
use crate::model::SourceVersion;
use crate::translations::edit::apply::is_empty;
use crate::translations::{Step, commands, items};

/// The source version of each translatable text of a file, before a save.
pub(super) type Prior = BTreeMap<String, SourceVersion>;

/// Whether the person marked the save as a small correction.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Correction {
    Small,
    OfMeaning,
}

impl Editor {
    /// The source versions of the texts in the file at `path` as the site is now (empty while
    /// the site has errors).
    pub(super) fn prior(&self, path: &str) -> Prior {
        match build::load(&self.root) {
            Ok(loaded) => items(&loaded.site)
                .into_iter()
                .filter(|i| i.file == path)
                .map(|i| (i.key.clone(), i.source_version()))
                .collect(),
            Err(_) => Prior::new(),
        }
    }

    /// `answer` to a save of `path` from `old` to `new` (the form's values; `None` for a
    /// guide's text), whose texts had the `prior` source versions, with the translations
    /// recorded as above and the warnings this settles left out.
    pub(super) fn record_translations(
        &self,
        path: &str,
        prior: &Prior,
        edit: Option<(&Value, &Value)>,
        correction: Correction,
        answer: Answer,
    ) -> Answer {
        let (status, kind, body) = answer;
        let Ok(mut said) = serde_json::from_slice::<Value>(&body) else {
            return (status, kind, body);
        };
        if status != 200 {
            return (status, kind, body);
        }
        let Ok(loaded) = build::load(&self.root) else {
            return (status, kind, body);
        };
        let source = loaded.site.config.source.as_str().to_owned();
        let site_source = loaded.site.config.source.clone();
        // The texts whose source this save changed.
        let in_file: Vec<_> = items(&loaded.site)
            .into_iter()
            .filter(|i| i.file == path)
            .filter(|i| prior.get(&i.key).is_some_and(|v| *v != i.source_version()))
            .collect();
        let mut trouble: Vec<Value> = Vec::new();
        let mut notes: Vec<String> = Vec::new();
        if correction == Correction::Small {
            // Only where the translations were measured against the text before this save.
            let keys: Vec<String> = in_file
                .iter()
                .filter(|i| {
                    let recorded = loaded.site.ledger.get(&i.key, &site_source);
                    recorded.map(|r| &r.version) == prior.get(&i.key)
                })
                .map(|i| i.key.clone())
                .collect();
            if !keys.is_empty() {
                match commands::minor(&self.root, &keys) {
                    Ok(_) => notes.push(
                        "as a small correction: translations that were up to date stay so".into(),
                    ),
                    Err(d) => trouble.extend(d.iter().map(|d| {
                        json!({"file": crate::load::LEDGER_FILE, "message": d.message, "help": d.help})
                    })),
                }
            }
        }
        // Each language's texts changed in the form, besides the source language's.
        let mut edited: BTreeMap<String, Vec<String>> = BTreeMap::new();
        if let Some((old, new)) = edit {
            for item in &in_file {
                let (Some(Value::Object(before)), Some(Value::Object(after))) =
                    (at(old, &item.path), at(new, &item.path))
                else {
                    continue;
                };
                for (lang, text) in after {
                    if *lang != source && !is_empty(text) && before.get(lang) != Some(text) {
                        edited
                            .entry(lang.clone())
                            .or_default()
                            .push(item.key.clone());
                    }
                }
            }
        }
        for (lang, keys) in &edited {
            match commands::accept(&self.root, keys, std::slice::from_ref(lang), false, false) {
                Ok(_) => {}
                Err(d) => trouble.extend(d.iter().map(|d| {
                    json!({"file": crate::load::LEDGER_FILE, "message": d.message, "help": d.help})
                })),
            }
        }
        if !edited.is_empty() {
            let langs: Vec<&str> = edited.keys().map(String::as_str).collect();
            notes.push(format!(
                "the {} text(s) you changed are recorded as translated from the current {source} text",
                langs.join(", ")
            ));
        }
        if notes.is_empty() && trouble.is_empty() {
            return (status, kind, body);
        }
        // What is still to look at once the translations are recorded.
        let now: BTreeSet<(String, String)> = match build::load(&self.root) {
            Ok(loaded) => loaded
                .warnings
                .iter()
                .map(|d| {
                    let file = d.file.as_ref().map(|f| f.path.clone()).unwrap_or_default();
                    (file, d.message.clone())
                })
                .collect(),
            Err(_) => BTreeSet::new(),
        };
        let mut warnings = match said.get("warnings") {
            Some(Value::Array(w)) => w.clone(),
            _ => Vec::new(),
        };
        warnings.retain(|w| {
            let file = w["file"].as_str().unwrap_or_default().to_owned();
            let message = w["message"].as_str().unwrap_or_default().to_owned();
            now.contains(&(file, message))
        });
        warnings.extend(trouble);
        said["warnings"] = json!(warnings);
        said["message"] = json!(format!(
            "Saved {path}; {}. The preview shows it in a moment.",
            notes.join("; ")
        ));
        (status, kind, said.to_string().into_bytes())
    }
}

/// The value at `path` inside `value`.
fn at<'v>(value: &'v Value, path: &[Step]) -> Option<&'v Value> {
    path.iter().try_fold(value, |v, step| match step {
        Step::Key(k) => v.get(*k),
        Step::Index(i) => v.get(*i),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_found_by_its_path() {
        let v = json!({"categories": [{"id": "a", "name": {"nl": "A"}}]});
        let path = [Step::Key("categories"), Step::Index(0), Step::Key("name")];
        assert_eq!(at(&v, &path), Some(&json!({"nl": "A"})));
        assert_eq!(at(&v, &[Step::Key("nothing")]), None);
        assert!(is_empty(&json!("  ")) && is_empty(&json!([])) && !is_empty(&json!("x")));
    }
}
