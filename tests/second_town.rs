//! A second town, written independently of the example the way another staff member would:
//! six languages with Somali (not shipped with wegwijs), guides that start with `# <title>`,
//! links in running text to services and people no front matter lists, odd phone notations.
//! It must build as written.

mod common;

use std::path::Path;

use common::*;

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let report = wegwijs::build::build(&fixtures().join("second-town"), &out)
        .unwrap_or_else(|d| panic!("{}", d.render(false)));
    let warnings: Vec<&str> = report
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    // The missing map (the town has none) and two services nobody is named at, the same
    // warnings `check` gives.
    assert_eq!(
        warnings,
        [
            "no town map: the card and the map page show only the services' markers",
            "service `de-veldhof` has no contact person",
            "service `huisartsenpraktijk-de-esch` has no contact person",
        ]
    );
    (tmp, out)
}

fn hrefs(out: &Path, page: &str, css: &str) -> Vec<String> {
    let doc = common::page(out, page);
    select(&doc, css)
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect()
}

#[test]
fn links_in_running_text_reach_any_service_and_relate_the_guide() {
    let (_tmp, out) = built();
    // `naar-de-huisarts` lists no services in its front matter; its text links to the GP.
    let links = hrefs(&out, "so/guides/naar-de-huisarts/index.html", "main a");
    assert!(
        links.contains(&"../../../so/services/huisartsenpraktijk-de-esch/".to_owned()),
        "{links:?}"
    );
    // Linked from the text only, the guide shows on the service's page, in every language.
    for lang in ["nl", "so", "ti"] {
        let on_page = hrefs(
            &out,
            &format!("{lang}/services/vluchtelingenwerk/index.html"),
            "main a",
        );
        assert!(
            on_page.contains(&format!("../../../{lang}/guides/eerste-weken/")),
            "{lang}: {on_page:?}"
        );
        let werkplein = hrefs(
            &out,
            &format!("{lang}/services/werkplein/index.html"),
            "main a",
        );
        for guide in ["eerste-weken", "nederlands-leren", "wonen-en-huur"] {
            assert!(
                werkplein.contains(&format!("../../../{lang}/guides/{guide}/")),
                "{lang} {guide}: {werkplein:?}"
            );
        }
    }
}

#[test]
fn a_leading_heading_that_repeats_the_title_is_shown_once() {
    let (_tmp, out) = built();
    for (page, title) in [
        (
            "nl/guides/eerste-weken/index.html",
            "Uw eerste weken in Oosterveld",
        ),
        ("en/guides/eerste-weken/index.html", ""),
        ("so/guides/naar-de-huisarts/index.html", ""),
    ] {
        let doc = common::page(&out, page);
        let h1: Vec<String> = select(&doc, "h1")
            .iter()
            .map(|h| h.text().collect::<String>())
            .collect();
        assert_eq!(h1.len(), 1, "{page}: {h1:?}");
        if !title.is_empty() {
            assert_eq!(h1[0].trim(), title);
        }
    }
    // A guide whose first heading is something else keeps it.
    let doc = common::page(&out, "nl/guides/wonen-en-huur/index.html");
    assert_eq!(select(&doc, "h1").len(), 1);
}

#[test]
fn phone_numbers_written_oddly_dial_the_same_number() {
    let (_tmp, out) = built();
    let tel = |page: &str| -> Vec<String> {
        hrefs(&out, page, "a[href^='tel:']")
            .into_iter()
            .map(|h| h.trim_start_matches("tel:").to_owned())
            .collect()
    };
    let werkplein = tel("nl/services/werkplein/index.html");
    // `+31 (0)53 123 4567` and the free line `0800 0123`.
    assert!(
        werkplein.contains(&"+31531234567".to_owned()),
        "{werkplein:?}"
    );
    assert!(
        werkplein.contains(&"+318000123".to_owned()),
        "{werkplein:?}"
    );
    let gp = tel("nl/services/huisartsenpraktijk-de-esch/index.html");
    // `(053) 480 12 34` and `053-4801240`.
    assert!(gp.contains(&"+31534801234".to_owned()), "{gp:?}");
    assert!(gp.contains(&"+31534801240".to_owned()), "{gp:?}");
    let people = tel("so/contacts/index.html");
    for n in [
        "+31612345678",
        "+31641234567",
        "+31623456789",
        "+31531234589",
    ] {
        assert!(people.contains(&n.to_owned()), "{n}: {people:?}");
    }
}

/// A definition list names each term once: two numbers without a label stand under one
/// "Telefoon", in every language.
#[test]
fn numbers_without_a_label_share_one_term() {
    let (_tmp, out) = built();
    for lang in ["nl", "en", "ar", "so"] {
        for service in ["de-veldhof", "werkplein", "huisartsenpraktijk-de-esch"] {
            let doc = common::page(&out, &format!("{lang}/services/{service}/index.html"));
            for dl in select(&doc, "dl") {
                let terms: Vec<String> = dl
                    .select(&scraper::Selector::parse("dt").unwrap())
                    .map(|dt| dt.text().collect::<String>())
                    .collect();
                let mut unique = terms.clone();
                unique.sort();
                unique.dedup();
                assert_eq!(unique.len(), terms.len(), "{lang}/{service}: {terms:?}");
            }
        }
    }
    let doc = common::page(&out, "nl/services/de-veldhof/index.html");
    let html = select(&doc, "section.facts dl")[0].html();
    let phone = html.find("<dt>Telefoon</dt>").expect(&html);
    let numbers: Vec<&str> = html[phone..]
        .split("<dt>")
        .nth(1)
        .unwrap()
        .matches("<dd>")
        .collect();
    assert_eq!(numbers.len(), 2, "{html}");
}
