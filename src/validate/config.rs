//! `site.yaml`: the languages, the site's texts, the card settings, the categories.

use std::str::FromStr;

use crate::diagnostics::Diagnostic;
use crate::load::Doc;
use crate::load::raw::{RawCard, RawConfig};
use crate::model::*;

use super::{Cx, Seen, Shown};

impl Cx<'_> {
    pub(super) fn config(&mut self, doc: &Doc<RawConfig>) -> Option<SiteConfig> {
        let c = &doc.data;
        let mut languages: Vec<LangInfo> = Vec::new();
        for l in &c.languages.value {
            let Some(code) = self.lang(doc, &l.code) else {
                continue;
            };
            if languages.iter().any(|x| x.code == code) {
                self.diags.push(
                    doc.error(&l.code, format!("language `{code}` is listed twice"))
                        .help("remove one of the two entries"),
                );
                continue;
            }
            languages.push(LangInfo {
                dir: l.dir.unwrap_or_else(|| code.default_dir()),
                code,
                name: l.name.clone(),
            });
        }
        if languages.is_empty() {
            self.diags.push(
                doc.error(&c.languages, "the site has no languages")
                    .help("list at least the source language under `languages:`"),
            );
            return None;
        }
        self.languages = languages.iter().map(|l| l.code.clone()).collect();
        let source = self.lang(doc, &c.source_language)?;
        if !self.languages.contains(&source) {
            self.diags.push(
                doc.error(
                    &c.source_language,
                    format!("the source language `{source}` is not among the site's languages"),
                )
                .help("add it to `languages:` or correct `source_language:`"),
            );
            return None;
        }
        self.source = Some(source.clone());

        if let Some(r) = &c.phone_region {
            match phonenumber::country::Id::from_str(&r.value.to_ascii_uppercase()) {
                Ok(id) => self.region = id,
                Err(_) => self.diags.push(
                    doc.error(r, format!("`{}` is not a country code", r.value))
                        .help("use the two-letter ISO 3166 code of the country, such as `NL`"),
                ),
            }
        }

        let base_url = match WebUrl::parse(&c.base_url.value) {
            Ok(u) => u.as_str().trim_end_matches('/').to_owned(),
            Err(e) => {
                self.diags.push(doc.error(&c.base_url, e).help(
                    "the address the site will be published at, like `https://welkom.example.nl`",
                ));
                String::new()
            }
        };

        let emergency = c
            .emergency
            .iter()
            .filter_map(|e| {
                let label = self.tr(doc, &e.label, Shown::AlsoOnCard);
                let phone =
                    Phone::parse_short(&e.phone.value).or_else(|| self.phone(doc, &e.phone));
                Some(EmergencyNumber {
                    label: label?,
                    phone: phone?,
                })
            })
            .collect();

        let review_after = c.review_after.as_ref().and_then(|r| {
            ReviewAfter::parse(&r.value)
                .map_err(|e| {
                    self.diags.push(doc.error(r, e).help(
                        "say how long a check holds, like `review_after: 6 months`; leave it out to not be asked",
                    ))
                })
                .ok()
        });
        Some(SiteConfig {
            card: CardSettings::default(),
            guides_on_paper: c.guides_on_paper.unwrap_or(true),
            review_after,
            name: self.tr(doc, &c.name, Shown::AlsoOnCard)?,
            welcome: self.tr(doc, &c.welcome, Shown::AlsoOnCard)?,
            base_url,
            source,
            languages,
            region: self.region,
            emergency,
            featured_guides: c
                .featured_guides
                .iter()
                .filter_map(|g| self.id(doc, g))
                .collect(),
        })
    }

    pub(super) fn card(
        &mut self,
        doc: &Doc<RawConfig>,
        raw: &RawCard,
        contacts: &super::Ids,
    ) -> CardSettings {
        let mut card = CardSettings::default();
        let (lo, hi) = (crate::print::MIN_PANELS, crate::print::MAX_PANELS);
        for (field, target) in [
            (&raw.min_panels, &mut card.min_panels),
            (&raw.max_panels, &mut card.max_panels),
        ] {
            if let Some(v) = field {
                if (lo..=hi).contains(&v.value) {
                    *target = v.value;
                } else {
                    self.diags.push(
                        doc.error(v, format!("{} panels do not make a card", v.value))
                            .help(format!("use {lo} to {hi}: five 55 mm panels are the most that fit across A4")),
                    );
                }
            }
        }
        if card.min_panels > card.max_panels {
            card.min_panels = card.max_panels;
        }
        card.contacts = raw.contacts.as_ref().map(|list| {
            list.iter()
                .filter_map(|c| self.reference(doc, c, "contact", contacts))
                .collect()
        });
        card.qr_url = raw.qr_url.as_ref().and_then(|u| {
            WebUrl::parse(&u.value)
                .map(|w| w.as_str().to_owned())
                .map_err(|e| {
                    self.diags.push(
                        doc.error(u, e)
                            .help("the full address the QR code opens, https://…"),
                    )
                })
                .ok()
        });
        card
    }

    pub(super) fn categories(&mut self, doc: &Doc<RawConfig>) -> Vec<Category> {
        let mut seen = Seen::default();
        doc.data
            .categories
            .iter()
            .filter_map(|c| {
                let cat = Category {
                    id: self.id(doc, &c.id)?,
                    name: self.tr(doc, &c.name, Shown::OnSite)?,
                    icon: self.icon(doc, c),
                };
                seen.first(self, doc, &c.id, "category").then_some(cat)
            })
            .collect()
    }

    /// The category's pictogram: the icon it names, or the one named like the category.
    pub(super) fn icon(
        &mut self,
        doc: &Doc<RawConfig>,
        c: &crate::load::raw::RawCategory,
    ) -> Option<String> {
        let known = || {
            format!(
                "the theme's icons are {}; a site can add its own as icons/<name>.svg",
                self.icons.join(", ")
            )
        };
        match &c.icon {
            Some(name) if self.icons.contains(&name.value.as_str()) => Some(name.value.clone()),
            Some(name) => {
                let help = known();
                self.diags.push(
                    doc.error(name, format!("unknown icon `{}`", name.value))
                        .label("no icon has this name")
                        .help(help),
                );
                None
            }
            None if self.icons.contains(&c.id.value.as_str()) => Some(c.id.value.clone()),
            None => {
                let help = known();
                self.diags.push(
                    Diagnostic::warning(format!("category `{}` has no pictogram", c.id.value))
                        .at(&doc.file, doc.span(&c.id))
                        .help(format!("add `icon:` to the category; {help}")),
                );
                None
            }
        }
    }
}
