//! `wegwijs check`: what a build cannot see page by page. Every internal link, image and
//! anchor of the rendered site is followed in memory, before anything is published.

use std::collections::{HashMap, HashSet};

use scraper::{Html, Selector};

use crate::diagnostics::Diagnostic;
use crate::model::Site;
use crate::render::{OutputFile, urls};

/// Links in the rendered `files` that lead nowhere: a page or file that does not exist, or an
/// anchor (`#amira-haddad`) that is not on its page.
pub fn broken_links(files: &[OutputFile]) -> Vec<Diagnostic> {
    let links =
        Selector::parse("a[href], link[href], img[src], script[src]").expect("valid selector");
    let with_id = Selector::parse("[id]").expect("valid selector");
    let paths: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let pages: Vec<(&str, Html)> = files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| {
            (
                f.path.as_str(),
                Html::parse_document(&String::from_utf8_lossy(&f.bytes)),
            )
        })
        .collect();
    let ids: HashMap<&str, HashSet<String>> = pages
        .iter()
        .map(|(path, doc)| {
            let ids = doc
                .select(&with_id)
                .filter_map(|e| e.value().id().map(str::to_owned))
                .collect();
            (*path, ids)
        })
        .collect();
    let mut problems = Vec::new();
    for (path, doc) in &pages {
        // The 404 page is served at any address, so its links are absolute by design.
        if *path == "404.html" {
            continue;
        }
        for el in doc.select(&links) {
            let Some(target) = el.value().attr("href").or_else(|| el.value().attr("src")) else {
                continue;
            };
            if is_external(target) {
                continue;
            }
            let (file, anchor) = match target.split_once('#') {
                Some((f, a)) => (f, Some(a)),
                None => (target, None),
            };
            let Some(resolved) = urls::resolve(path, file) else {
                problems.push(broken(path, target, "it leads outside the site"));
                continue;
            };
            if !paths.contains(resolved.as_str()) {
                problems.push(broken(path, target, "no page or file is there"));
            } else if let Some(anchor) = anchor.filter(|a| !a.is_empty())
                && !ids
                    .get(resolved.as_str())
                    .is_some_and(|set| set.contains(anchor))
            {
                problems.push(broken(
                    path,
                    target,
                    &format!("`{resolved}` has no `#{anchor}`"),
                ));
            }
        }
    }
    problems
}

fn is_external(url: &str) -> bool {
    url.contains("://")
        || url.starts_with("//")
        || ["mailto:", "tel:", "data:"]
            .iter()
            .any(|p| url.starts_with(p))
}

fn broken(page: &str, target: &str, why: &str) -> Diagnostic {
    Diagnostic::error(format!("broken link `{target}` on {page}: {why}")).help(
        "a link in a guide must point at a page of the site, a file in static/, or use \
         service:, contact: or guide: with an id",
    )
}

/// Services that nobody can be contacted at: worth a warning, not a failure.
pub fn services_without_contacts(site: &Site) -> Vec<Diagnostic> {
    site.services
        .iter()
        .filter(|s| site.contacts_of(&s.id).next().is_none())
        .map(|s| {
            Diagnostic::warning(format!("service `{}` has no contact person", s.id)).help(
                "add a contact with `service: <this id>`, or check that it is meant to have none",
            )
        })
        .collect()
}

/// Whether `address` (an e-mail address or a web address) is at a `.example` domain, which
/// RFC 2606 keeps for examples: the built-in example's invented people and places have them.
fn is_example_address(address: &str) -> bool {
    let host = address
        .rsplit('@')
        .next()
        .unwrap_or(address)
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    let host = host.split(['/', ':', '?', '#']).next().unwrap_or(host);
    host.trim_end_matches('.')
        .to_lowercase()
        .ends_with(".example")
}

/// Once the site has its real address, what is still the example's: the example town's
/// welcome in site.yaml, and services and people with invented (`.example`) addresses.
pub fn example_leftovers(site: &Site) -> Vec<Diagnostic> {
    if is_example_address(&site.config.base_url) {
        // The example itself, or a site not ready to publish: nothing to tell yet.
        return Vec::new();
    }
    let mut out = Vec::new();
    let name = &site.config.name;
    if name
        .languages()
        .any(|l| name.get(l).value.contains("Lindewaard"))
    {
        out.push(
            Diagnostic::warning("site.yaml still welcomes readers to the example town, Lindewaard")
                .help("write your town's name in `name` and `welcome`, in every language"),
        );
    }
    let mut files: Vec<&str> = site
        .services
        .iter()
        .filter(|s| {
            s.email
                .as_ref()
                .is_some_and(|e| is_example_address(e.as_str()))
                || s.website
                    .as_ref()
                    .is_some_and(|w| is_example_address(w.as_str()))
        })
        .map(|s| s.file.as_str())
        .chain(
            site.contacts
                .iter()
                .filter(|c| {
                    c.email
                        .as_ref()
                        .is_some_and(|e| is_example_address(e.as_str()))
                })
                .map(|c| c.file.as_str()),
        )
        .collect();
    files.sort_unstable();
    if !files.is_empty() {
        let shown: Vec<&str> = files.iter().take(12).copied().collect();
        let more = files.len().saturating_sub(shown.len());
        out.push(
            Diagnostic::warning(format!(
                "{} service(s) and person(s) are still the example's: their addresses end in .example",
                files.len()
            ))
            .help(format!(
                "replace them with your town's services and people, or delete the files: {}{}",
                shown.join(", "),
                if more > 0 { format!(" and {more} more") } else { String::new() }
            )),
        );
    }
    out
}

/// One warning per text whose translations are outdated, naming the languages.
pub fn outdated_translations(site: &Site) -> Vec<Diagnostic> {
    let outdated = crate::translations::outdated(site);
    let names = |langs: &[crate::model::Lang]| -> Vec<String> {
        langs.iter().map(|l| l.as_str().to_owned()).collect()
    };
    let source = &site.config.source;
    let recordings = outdated.recordings.iter().map(|(item, langs)| {
        let langs = names(langs);
        let guide = item.trim_start_matches("recording/");
        Diagnostic::warning(format!(
            "the guide `{guide}` changed in {source} after its recording in {} was made",
            langs.join(", ")
        ))
        .help(format!(
            "record it again (`guides/{guide}.{lang}.mp3`) and then run `wegwijs translations accept {item} --lang {lang}`; if the change did not alter what is said, run `wegwijs translations minor guide/{guide}`",
            lang = langs[0]
        ))
    });
    outdated
        .texts
        .iter()
        .map(|(item, langs)| {
            let langs = names(langs);
            Diagnostic::warning(format!(
                "`{item}` changed in {source} after its {} {} made",
                langs.join(", "),
                if langs.len() == 1 { "translation was" } else { "translations were" }
            ))
            .help(format!(
                "update the {} (in the editor, or `wegwijs translations export --lang {}` makes a file for a translator{}); if the change did not alter the meaning, tick \"Only a small correction\" when saving it in the editor, or run `wegwijs translations minor {item}`",
                if langs.len() == 1 { "translation" } else { "translations" },
                langs[0],
                if langs.len() > 1 { ", and the same for each language" } else { "" }
            ))
        })
        .chain(recordings)
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn example_addresses_are_those_at_dot_example() {
        assert!(is_example_address("a.haddad@lindewaard.example"));
        assert!(is_example_address("https://www.gcdelinde.example/afspraak"));
        assert!(is_example_address("https://welkom.lindewaard.EXAMPLE"));
        assert!(!is_example_address("info@zwolle.nl"));
        assert!(!is_example_address("https://example.com/"));
        assert!(!is_example_address("https://www.example.nl"));
    }

    use super::*;

    fn file(path: &str, html: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: html.as_bytes().to_vec(),
        }
    }

    #[test]
    fn finds_missing_pages_files_and_anchors() {
        let files = [
            file(
                "nl/index.html",
                r#"<a href="contacts/#amira">a</a><a href="contacts/#nobody">b</a><img src="../missing.png"><a href="https://x.example/">c</a><a href="tel:+31">d</a>"#,
            ),
            file(
                "nl/contacts/index.html",
                r#"<p id="amira">Amira</p><a href="../guides/">e</a>"#,
            ),
        ];
        let problems: Vec<String> = broken_links(&files)
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("#nobody"));
        assert!(problems[1].contains("../missing.png"));
        assert!(problems[2].contains("../guides/"));
    }
}

/// A text whose last confirmation that it is still correct is older than the site's
/// `review_after`, or that was never confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overdue {
    /// The file to correct or confirm, relative to the site folder.
    pub file: String,
    /// The day it was last confirmed, if ever.
    pub reviewed: Option<chrono::NaiveDate>,
    /// Whom to ask: names with their phone numbers.
    pub ask: Vec<String>,
}

/// What is overdue for a check on `today`, never confirmed first, then oldest first; nothing
/// when the site does not ask (`review_after` not set).
pub fn overdue(site: &Site, today: chrono::NaiveDate) -> Vec<Overdue> {
    let Some(period) = &site.config.review_after else {
        return Vec::new();
    };
    let late =
        |reviewed: Option<chrono::NaiveDate>| reviewed.is_none_or(|d| period.until(d) < today);
    let person = |c: &crate::model::Contact| match &c.phone {
        Some(p) => format!("{} ({})", c.name, p.display()),
        None => c.name.clone(),
    };
    let of_service = |id: &crate::model::Id| -> Vec<String> {
        site.contacts
            .iter()
            .filter(|c| &c.service == id)
            .map(|c| person(c))
            .collect()
    };
    let mut out = Vec::new();
    for s in site.services.iter().filter(|s| late(s.reviewed)) {
        out.push(Overdue {
            file: s.file.clone(),
            reviewed: s.reviewed,
            ask: of_service(&s.id),
        });
    }
    for c in site.contacts.iter().filter(|c| late(c.reviewed)) {
        out.push(Overdue {
            file: c.file.clone(),
            reviewed: c.reviewed,
            ask: vec![person(c)],
        });
    }
    for g in site.guides.iter().filter(|g| late(g.reviewed)) {
        let mut ask: Vec<String> = g
            .contacts
            .iter()
            .filter_map(|id| site.contact(id))
            .map(person)
            .collect();
        if ask.is_empty() {
            ask = g.services.iter().flat_map(of_service).collect();
        }
        out.push(Overdue {
            file: format!("guides/{}.{}.md", g.id, g.text.source_lang()),
            reviewed: g.reviewed,
            ask,
        });
    }
    out.sort_by(|a, b| a.reviewed.cmp(&b.reviewed).then(a.file.cmp(&b.file)));
    out
}
