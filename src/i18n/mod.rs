//! UI strings: one Fluent bundle per site language, falling back to the source language.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Theme;
use crate::model::{Lang, LangInfo, SiteConfig};

mod to_translate;
pub use to_translate::ui_file_to_translate;

pub struct Locales {
    bundles: HashMap<Lang, FluentBundle<FluentResource>>,
    source: Lang,
}

/// The messages naming a language in the reader's language: `language-name-<code>`, made from
/// CLDR by tools/language_names.py.
const LANGUAGE_NAME: &str = "language-name-";

impl Locales {
    /// `about`'s name in the language `lang` (Dutch on an Arabic page is الهولندية), from CLDR;
    /// where wegwijs has no names in `lang`, its name in its own language.
    pub fn language_name(&self, lang: &Lang, about: &LangInfo) -> String {
        let key = format!("{LANGUAGE_NAME}{}", about.code);
        self.bundles
            .get(lang)
            .and_then(|bundle| {
                let pattern = bundle.get_message(&key)?.value()?;
                let mut errors = Vec::new();
                Some(
                    bundle
                        .format_pattern(pattern, None, &mut errors)
                        .into_owned(),
                )
            })
            .unwrap_or_else(|| about.name.clone())
    }

    /// Builds a bundle for every site language from the theme's `.ftl` files and reports syntax
    /// errors, languages without UI strings and messages missing from a translation.
    pub fn load(theme: &Theme, config: &SiteConfig, diags: &mut Diagnostics) -> Locales {
        let mut bundles = HashMap::new();
        for info in &config.languages {
            let lang = &info.code;
            let mut bundle = FluentBundle::new_concurrent(vec![lang.langid()]);
            let Some(files) = theme.locales.get(lang.as_str()) else {
                diags.push(
                    Diagnostic::warning(format!(
                        "no UI strings for `{lang}`: menus and labels will be shown in {}",
                        config.source
                    ))
                    .help(format!(
                        "`wegwijs translations ui --lang {lang}` writes locales/{lang}/main.ftl in the site folder with every message to translate"
                    )),
                );
                bundles.insert(lang.clone(), bundle);
                continue;
            };
            for file in files.values() {
                let resource = match FluentResource::try_new(file.text.to_string()) {
                    Ok(r) => r,
                    Err((r, errors)) => {
                        for e in errors {
                            diags.push(
                                Diagnostic::error(format!("Fluent syntax: {e}"))
                                    .at(file, e.pos.clone())
                                    .help("see https://projectfluent.org/fluent/guide/ for the syntax"),
                            );
                        }
                        r
                    }
                };
                // A site's file replaces the built-in file of the same name as a whole, so a
                // message defined twice is a mistake within the site's own files.
                if let Err(errors) = bundle.add_resource(resource) {
                    for e in errors {
                        let d = match &e {
                            fluent_bundle::FluentError::Overriding { id, .. } => {
                                Diagnostic::warning(format!("`{id}` is written twice"))
                                    .help(format!("remove one of the two `{id} = …` lines: the first one is used"))
                            }
                            _ => Diagnostic::warning(format!("{e}")),
                        };
                        diags.push(d.in_file(file));
                    }
                }
            }
            bundles.insert(lang.clone(), bundle);
        }
        let locales = Locales {
            bundles,
            source: config.source.clone(),
        };
        locales.report_missing(theme, config, diags);
        locales
    }

    fn report_missing(&self, theme: &Theme, config: &SiteConfig, diags: &mut Diagnostics) {
        let ids = |lang: &Lang| -> BTreeSet<String> {
            theme
                .locales
                .get(lang.as_str())
                .into_iter()
                .flat_map(|files| files.values())
                .filter_map(|f| FluentResource::try_new(f.text.to_string()).ok())
                .flat_map(|r| {
                    r.entries()
                        .filter_map(|e| match e {
                            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
                            _ => None,
                        })
                        .collect::<Vec<_>>()
                })
                .collect()
        };
        let source_ids = ids(&self.source);
        for info in &config.languages {
            if info.code == self.source || !theme.locales.contains_key(info.code.as_str()) {
                continue;
            }
            let have = ids(&info.code);
            // Language names come from CLDR for the languages wegwijs ships; elsewhere a
            // language is named in its own language, which is no message to translate.
            let missing: Vec<&String> = source_ids
                .difference(&have)
                .filter(|id| !id.starts_with(LANGUAGE_NAME))
                .collect();
            if !missing.is_empty() {
                let mut list: Vec<&str> = missing.iter().take(8).map(|s| s.as_str()).collect();
                let more = missing.len().saturating_sub(8);
                let more = format!("and {more} more");
                if missing.len() > 8 {
                    list.push(&more);
                }
                diags.push(
                    Diagnostic::warning(format!(
                        "{} UI message(s) not translated into `{}`, shown in {}: {}",
                        missing.len(),
                        info.code,
                        self.source,
                        list.join(", ")
                    ))
                    .help(if crate::load::has_builtin_locale(info.code.as_str()) {
                        format!(
                            "add them to a file of your own in locales/{}/, named unlike wegwijs' own (like `site.ftl`: a `main.ftl` there would replace all of wegwijs' {} messages): a line `message-id = text` each",
                            info.code, info.code
                        )
                    } else {
                        format!(
                            "translate them in locales/{}/main.ftl: a line `message-id = text` each (a line that starts with `# ` is not translated yet)",
                            info.code
                        )
                    }),
                );
            }
        }
    }

    /// The message `key` in `lang`, or in the source language when `lang` lacks it. `None` when
    /// no language has it: a theme bug, reported by the caller.
    pub fn format(&self, lang: &Lang, key: &str, args: Option<&FluentArgs>) -> Option<String> {
        [lang, &self.source].into_iter().find_map(|l| {
            let bundle = self.bundles.get(l)?;
            let pattern = bundle.get_message(key)?.value()?;
            let mut errors = Vec::new();
            let text: Cow<str> = bundle.format_pattern(pattern, args, &mut errors);
            Some(text.into_owned())
        })
    }

    /// Builds Fluent arguments from template arguments: numbers stay numbers for plural rules.
    pub fn args<'a>(
        pairs: impl Iterator<Item = (&'a str, &'a serde_json::Value)>,
    ) -> FluentArgs<'a> {
        let mut args = FluentArgs::new();
        for (k, v) in pairs {
            let value: FluentValue = match v {
                serde_json::Value::Number(n) => {
                    n.as_f64().map_or(FluentValue::None, FluentValue::from)
                }
                serde_json::Value::String(s) => FluentValue::from(s.as_str()),
                other => FluentValue::from(other.to_string()),
            };
            args.set(k, value);
        }
        args
    }
}
