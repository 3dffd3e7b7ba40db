//! A guide on paper: one guide in one language as a PDF, A4 or A5 (and A5 as a booklet on
//! A4), made by the theme's `print/guide.typ` from data: its title and summary, its text as
//! blocks (`blocks.rs`), the services and contacts it names with their numbers, a QR code to
//! its page in that language, the town's name and the date it was printed.

use serde::Serialize;
use typst::foundations::{Content, Smart};
use typst::layout::{Abs, Frame, Sides};
use typst_layout::{Page, PagedDocument};

use super::blocks::{Block, blocks, short_address};
use super::{Printer, layout, qr_svg, strip_isolation, world};
use crate::diagnostics::Diagnostic;
use crate::i18n::Locales;
use crate::model::{Guide, LangInfo, Site};
use crate::render::views::{Resolver, Text};

/// The paper a guide is printed on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Paper {
    /// A4 pages, as a printer takes them.
    #[default]
    A4,
    /// A5 pages, to print at that size.
    A5,
    /// A5 pages two by two on A4 landscape, in the order that, printed double-sided (flip on
    /// the short edge) and folded in the middle, makes a booklet.
    Booklet,
}

impl Paper {
    fn typst(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::A5 | Paper::Booklet => "a5",
        }
    }
}

/// The day a guide is printed "as of": an ISO date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AsOf(pub chrono::NaiveDate);

impl AsOf {
    /// Today, or the day of `SOURCE_DATE_EPOCH` when it is set (reproducible builds).
    pub fn today() -> AsOf {
        let epoch = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .and_then(|s| chrono::DateTime::from_timestamp(s, 0));
        AsOf(epoch.unwrap_or_else(chrono::Utc::now).date_naive())
    }
}

#[derive(Serialize)]
struct PrintPhones {
    label: Option<Text>,
    numbers: Vec<String>,
}

/// Days in a row with the same times: `maandag–woensdag 09:00–17:00`.
#[derive(Serialize, Debug, PartialEq)]
struct PrintHours {
    days: String,
    ranges: Vec<String>,
}

/// `days` (a day's key and its times, in the week's order) with the days in a row that have
/// the same times taken together; `name` names a day.
fn week(days: Vec<(&'static str, Vec<String>)>, name: impl Fn(&str) -> String) -> Vec<PrintHours> {
    const ORDER: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let index = |key: &str| ORDER.iter().position(|k| *k == key);
    let mut groups: Vec<(&str, &str, Vec<String>)> = Vec::new();
    for (key, ranges) in days {
        match groups.last_mut() {
            Some((_, last, times))
                if *times == ranges
                    && index(last).zip(index(key)).is_some_and(|(a, b)| a + 1 == b) =>
            {
                *last = key
            }
            _ => groups.push((key, key, ranges)),
        }
    }
    groups
        .into_iter()
        .map(|(first, last, ranges)| PrintHours {
            days: if first == last {
                name(first)
            } else {
                format!("{}–{}", name(first), name(last))
            },
            ranges,
        })
        .collect()
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct PrintService {
    name: Text,
    address: Option<String>,
    phones: Vec<PrintPhones>,
    email: Option<String>,
    website: Option<String>,
    hours: Vec<PrintHours>,
    hours_note: Option<Text>,
}

#[derive(Serialize)]
struct GuideLabels {
    services: String,
    contacts: String,
    scan: String,
    /// Between the items of a list in running text: `, ` or Arabic `، `.
    separator: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct GuideData {
    lang: String,
    dir: &'static str,
    paper: &'static str,
    town: Text,
    title: Text,
    summary: Text,
    /// The language the body is really in: the source language when the guide is not yet
    /// translated.
    body_lang: String,
    body_dir: &'static str,
    blocks: Vec<Block>,
    notices: Vec<String>,
    services: Vec<PrintService>,
    contacts: Vec<super::CardContact>,
    /// "As of <date>", in three parts: the date is set left-to-right on its own, or a
    /// right-to-left line would turn 2026-12-02 into 02-12-2026.
    as_of: [String; 3],
    /// The guide's page, printed in the footer for whoever cannot scan: without `https://`.
    address: String,
    labels: GuideLabels,
}

impl Printer {
    /// `guide` in `lang` as PDF bytes.
    pub fn guide(
        &self,
        site: &Site,
        locales: &Locales,
        lang: &LangInfo,
        guide: &Guide,
        paper: Paper,
        as_of: &AsOf,
    ) -> Result<Vec<u8>, Diagnostic> {
        self.guides(site, locales, lang, &[guide], paper, as_of)
    }

    /// `guides` in `lang`, one after the other in one PDF (a stack to print): each starts on a
    /// new sheet's front when printed double-sided, and has its own page numbers; as a
    /// booklet, each is a booklet of its own.
    pub fn guides(
        &self,
        site: &Site,
        locales: &Locales,
        lang: &LangInfo,
        guides: &[&Guide],
        paper: Paper,
        as_of: &AsOf,
    ) -> Result<Vec<u8>, Diagnostic> {
        use rayon::prelude::*;
        let documents: Vec<PagedDocument> = guides
            .par_iter()
            .map(|guide| {
                let document = self.guide_document(site, locales, lang, guide, paper, as_of)?;
                let document = layout::mend_extraction(&document);
                Ok(match paper {
                    Paper::Booklet => super::booklet::impose(&document, lang.dir),
                    Paper::A4 | Paper::A5 => document,
                })
            })
            .collect::<Result<_, Diagnostic>>()?;
        let (ident, what) = match guides {
            [one] => (
                format!("wegwijs-guide-{}-{}-{paper:?}", one.id, lang.code),
                format!("the {} guide `{}`", lang.code, one.id),
            ),
            _ => (
                format!("wegwijs-guides-{}-{paper:?}", lang.code),
                format!("the {} guides", lang.code),
            ),
        };
        let document = match documents.len() {
            1 => documents.into_iter().next().expect("one"),
            _ => stacked(documents, &site.config.name.get(&lang.code).value.clone()),
        };
        self.pdf(&document, ident, || what.clone())
    }

    /// The guide laid out, before it is written.
    pub(super) fn guide_document(
        &self,
        site: &Site,
        locales: &Locales,
        lang: &LangInfo,
        guide: &Guide,
        paper: Paper,
        as_of: &AsOf,
    ) -> Result<PagedDocument, Diagnostic> {
        let Some(template) = &self.guide_template else {
            return Err(Diagnostic::error("the theme has no guide template").help(
                "put back print/guide.typ in the theme, or remove the site's own empty copy",
            ));
        };
        let url = page_url(site, lang, guide);
        let data = guide_data(site, locales, lang, guide, paper, as_of);
        let files = vec![
            (
                "/data.json",
                serde_json::to_vec(&data).expect("plain data serialises"),
            ),
            ("/qr.svg", qr_svg(&url)?.into_bytes()),
        ];
        let world = world::PrintWorld::new(&self.fonts, template, files);
        let typst::diag::Warned { output, .. } =
            world::deep(|| typst::compile::<PagedDocument>(&world));
        output.map_err(|errors| {
            let all: Vec<String> = errors.iter().map(|e| e.message.to_string()).collect();
            Diagnostic::error(format!(
                "the {} guide `{}` could not be printed: {}",
                lang.code,
                guide.id,
                all.join("; ")
            ))
            .help("a site's own print/guide.typ may use data the guide does not have; compare it with the built-in one")
        })
    }
}

fn guide_data(
    site: &Site,
    locales: &Locales,
    lang: &LangInfo,
    guide: &Guide,
    paper: Paper,
    as_of: &AsOf,
) -> GuideData {
    let res = Resolver::new(site, lang);
    let ui = |key: &str, args: &[(&str, String)]| {
        let mut fluent = fluent_bundle::FluentArgs::new();
        for (k, v) in args {
            fluent.set(*k, v.clone());
        }
        strip_isolation(
            &locales
                .format(&lang.code, key, Some(&fluent))
                .unwrap_or_default(),
        )
    };
    let summary = res.guide_summary(guide);
    let text = guide.text.get(&lang.code);
    let source = site.config.source_info();
    let source_name = locales.language_name(&lang.code, source);
    let mut notices = Vec::new();
    if text.fallback {
        notices.push(ui(
            "fallback-guide",
            &[
                ("language", lang.name.clone()),
                ("source", source_name.clone()),
            ],
        ));
    }
    match crate::translations::guide_state(site, guide, &lang.code) {
        crate::translations::State::Outdated => notices.push(ui(
            "translation-outdated",
            &[("source", source_name.clone())],
        )),
        crate::translations::State::Machine => notices.push(ui(
            "translation-machine",
            &[("source", source_name.clone())],
        )),
        _ => {}
    }
    let services = guide
        .services
        .iter()
        .filter_map(|id| site.service(id))
        .map(|s| {
            let view = res.service(s);
            PrintService {
                name: view.name,
                address: view
                    .address
                    .map(|a| format!("{}, {} {}", a.street, a.postcode, a.city)),
                phones: view
                    .phones
                    .into_iter()
                    .map(|g| PrintPhones {
                        label: g.label,
                        numbers: g.numbers.into_iter().map(|p| p.display).collect(),
                    })
                    .collect(),
                email: view.email,
                website: view.website.map(|w| short_address(&w)),
                hours: week(
                    view.hours.into_iter().map(|h| (h.day, h.ranges)).collect(),
                    |key| ui(&format!("day-{key}"), &[]),
                ),
                hours_note: view.hours_note,
            }
        })
        .collect();
    let contacts = guide
        .contacts
        .iter()
        .filter_map(|id| site.contact(id))
        .map(|c| super::CardContact::of(c, site, &res, None))
        .collect();
    let body_dir = site
        .config
        .lang(text.lang)
        .map_or(lang.dir, |l| l.dir)
        .as_str();
    GuideData {
        lang: lang.code.to_string(),
        dir: lang.dir.as_str(),
        paper: paper.typst(),
        town: res.text(&site.config.name),
        title: summary.title,
        summary: summary.summary,
        body_lang: text.lang.to_string(),
        body_dir,
        blocks: blocks(text.value.shown_body()),
        notices,
        services,
        contacts,
        as_of: {
            let date = as_of.0.format("%Y-%m-%d").to_string();
            let line = ui("print-as-of", &[("date", date.clone())]);
            match line.split_once(&date) {
                Some((before, after)) => [before.to_owned(), date, after.to_owned()],
                None => [line, String::new(), String::new()],
            }
        },
        address: short_address(&page_url(site, lang, guide)),
        labels: GuideLabels {
            services: ui("guide-services", &[]),
            contacts: ui("guide-contacts", &[]),
            scan: ui("print-scan", &[]),
            separator: ui("list-separator", &[]),
        },
    }
}

/// The guide's page in `lang`, where its QR code leads.
fn page_url(site: &Site, lang: &LangInfo, guide: &Guide) -> String {
    format!(
        "{}/{}",
        site.config.base_url,
        crate::render::urls::guide(&lang.code, &guide.id)
    )
}

/// `documents` one after the other, each padded with a blank page to an even number, so that
/// printed double-sided each starts on the front of a sheet; titled `title`.
fn stacked(documents: Vec<PagedDocument>, title: &str) -> PagedDocument {
    let mut pages = typst::ecow::EcoVec::new();
    for document in &documents {
        pages.extend(document.pages().iter().cloned());
        if pages.len() % 2 == 1 {
            let size = pages
                .last()
                .map(|p: &Page| p.frame.size())
                .unwrap_or_default();
            pages.push(Page {
                frame: Frame::hard(size),
                bleed: Sides::splat(Abs::zero()),
                fill: Smart::Auto,
                numbering: None,
                supplement: Content::empty(),
                number: 0,
            });
        }
    }
    let mut info = documents
        .first()
        .map(|d| typst::model::Document::info(d).clone())
        .unwrap_or_default();
    info.title = Some(title.into());
    PagedDocument::new(pages, info)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_in_a_row_with_the_same_times_go_together() {
        let t = |s: &str| vec![s.to_owned()];
        let days = vec![
            ("mon", t("09:00–17:00")),
            ("tue", t("09:00–17:00")),
            ("wed", t("09:00–17:00")),
            ("thu", t("09:00–20:00")),
            ("fri", t("09:00–17:00")),
            ("sun", t("09:00–17:00")),
        ];
        let got: Vec<(String, Vec<String>)> = week(days, |k| k.to_uppercase())
            .into_iter()
            .map(|h| (h.days, h.ranges))
            .collect();
        assert_eq!(
            got,
            vec![
                ("MON–WED".to_owned(), t("09:00–17:00")),
                ("THU".to_owned(), t("09:00–20:00")),
                ("FRI".to_owned(), t("09:00–17:00")),
                // Saturday is closed: Friday and Sunday are not in a row.
                ("SUN".to_owned(), t("09:00–17:00")),
            ]
        );
    }
}
