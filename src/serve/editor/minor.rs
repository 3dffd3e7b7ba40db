//! A save marked as a small correction (a typo, a comma): translations that were up to date
//! with the text before stay up to date with it after, as `wegwijs translations minor` does.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::{Answer, Editor};
use crate::build;
use crate::translations::{commands, items};

impl Editor {
    /// `answer` to a save of `path`, after recording its change as minor when it was written:
    /// the translations of the file's texts that were current stay current, and the warnings
    /// the save brought that this settles are left out.
    pub(super) fn keep_translations(&self, path: &str, answer: Answer) -> Answer {
        let (status, kind, body) = answer;
        let Ok(mut said) = serde_json::from_slice::<Value>(&body) else {
            return (status, kind, body);
        };
        if status != 200 || said.get("warnings").is_none() {
            return (status, kind, body);
        }
        let keys: Vec<String> = match build::load(&self.root) {
            Ok(loaded) => items(&loaded.site)
                .into_iter()
                .filter(|i| i.file == path)
                .map(|i| i.key)
                .collect(),
            Err(_) => Vec::new(),
        };
        let mut trouble = Vec::new();
        if !keys.is_empty()
            && let Err(d) = commands::minor(&self.root, &keys)
        {
            trouble.extend(d.iter().map(
                |d| json!({"file": crate::load::LEDGER_FILE, "message": d.message, "help": d.help}),
            ));
        }
        // What is still to look at after the translations were kept.
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
        if let Some(Value::Array(warnings)) = said.get_mut("warnings") {
            warnings.retain(|w| {
                let file = w["file"].as_str().unwrap_or_default().to_owned();
                let message = w["message"].as_str().unwrap_or_default().to_owned();
                now.contains(&(file, message))
            });
            warnings.extend(trouble);
        }
        said["message"] = json!(format!(
            "Saved {path} as a small correction: translations that were up to date stay so. The preview shows it in a moment."
        ));
        (status, kind, said.to_string().into_bytes())
    }
}
