//! A file of UI strings for a language wegwijs has none in: the source language's messages,
//! each commented out under its text (and the English one), for a translator to fill in.

use crate::load::Theme;

/// `locales/<code>/main.ftl` to translate into `name` (`code`): every message of the source
/// language's `main.ftl` as a commented-out line, so that a message not translated yet shows
/// in the source language, as when the file is not there. `None` when the theme has no
/// `main.ftl` in the source language.
pub fn ui_file_to_translate(theme: &Theme, source: &str, code: &str, name: &str) -> Option<String> {
    let text_of = |lang: &str| {
        theme
            .locales
            .get(lang)?
            .get("main.ftl")
            .map(|f| f.text.clone())
    };
    let source_text = text_of(source)?;
    let english = (source != "en").then(|| text_of("en")).flatten();
    let english_of = |id: &str| -> Option<String> {
        messages(english.as_deref()?)
            .into_iter()
            .find(|(i, _)| i == id)
            .map(|(_, v)| v)
    };
    let mut out = format!(
        "### The menus, buttons and notices of the site in {name} ({code}).\n\
         ### Translate each message: write the text after its `=` and remove the `# ` in front\n\
         ### of the line. A message left as it is shows in the source language ({source}).\n\
         ### Keep the parts in braces as they are: {{ $language }} is filled in by the site.\n"
    );
    for (id, value) in messages(&source_text) {
        out.push('\n');
        out.push_str(&format!("## {source}: {}\n", value.replace('\n', " ")));
        if let Some(en) = english_of(&id) {
            out.push_str(&format!("## en: {}\n", en.replace('\n', " ")));
        }
        for (i, line) in format!("{id} = {value}").lines().enumerate() {
            let indent = if i == 0 { "" } else { "    " };
            out.push_str(&format!("# {indent}{}\n", line.trim_start()));
        }
    }
    Some(out)
}

/// The messages of a Fluent file in order, `(id, value)`, the value's lines joined as written.
fn messages(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        let starts_message = line.split_once('=').filter(|(id, _)| {
            let id = id.trim_end();
            id.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        });
        match starts_message {
            Some((id, value)) => out.push((id.trim_end().to_owned(), value.trim().to_owned())),
            None if line.starts_with([' ', '\t']) && !line.trim().is_empty() => {
                if let Some((_, v)) = out.last_mut() {
                    v.push('\n');
                    v.push_str(line.trim());
                }
            }
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_is_there_to_translate_and_none_is_defined() {
        let empty = tempfile::tempdir().unwrap();
        let (theme, _) = Theme::load(&crate::load::SiteDir::new(empty.path()));
        let file = ui_file_to_translate(&theme, "nl", "so", "Soomaali").unwrap();
        let nl = &theme.locales["nl"]["main.ftl"].text;
        let ids: Vec<String> = messages(nl).into_iter().map(|(id, _)| id).collect();
        assert!(ids.len() > 50);
        for id in &ids {
            assert!(file.contains(&format!("\n# {id} = ")), "{id}");
        }
        assert!(file.contains(
            "## nl: Naar de inhoud\n## en: Skip to content\n# skip-to-content = Naar de inhoud\n"
        ));
        // As Fluent, it defines nothing yet: every message falls back to the source language.
        let resource = fluent_bundle::FluentResource::try_new(file).unwrap();
        assert_eq!(resource.entries().count(), 0);
    }
}
