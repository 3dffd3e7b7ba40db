//! The site as the rest of the program sees it: validated, typed, free of I/O.

use std::collections::HashMap;

mod contact_info;
mod hours;
mod id;
mod lang;
mod markdown;
mod recording;
mod text;
mod translated;
mod versions;

pub use contact_info::{Email, Phone, WebUrl};
pub use hours::{OpeningHours, TimeOfDay, TimeRange, TimeRangeError, Weekday};
pub use id::Id;
pub use lang::{Dir, Lang, LangInfo, endonym};
pub use markdown::{
    BareAddress, HTML_POLICY, MARKDOWN_OPTIONS, RemovedHtml, Xref, XrefKind, bare_addresses,
    parse_xref, removed_html, without_title, xrefs,
};
pub use recording::{AudioFormat, AudioSource, Recording};
pub use text::{
    Glyphs, bidi_control_name, is_bidi_control, is_default_ignorable, is_invisible,
    without_bidi_controls,
};
pub use translated::{Localized, Translated};
pub use versions::{Ledger, Recorded, SourceVersion};

/// Everything `wegwijs build` knows about a site once it has been loaded and validated.
#[derive(Debug)]
pub struct Site {
    pub config: SiteConfig,
    pub categories: Vec<Category>,
    pub services: Vec<std::sync::Arc<Service>>,
    pub contacts: Vec<std::sync::Arc<Contact>>,
    pub guides: Vec<std::sync::Arc<Guide>>,
    /// The town's streets, water and green, for the map; may be empty.
    pub basemap: crate::map::Basemap,
    /// The source version each translation was made from (`translations.yaml`).
    pub ledger: std::sync::Arc<Ledger>,
    index: Index,
}

/// Positions by id, so that pages look things up in constant time: a page per service that
/// scanned every contact would make large sites quadratic.
#[derive(Debug, Default)]
struct Index {
    services: HashMap<Id, usize>,
    contacts: HashMap<Id, usize>,
    categories: HashMap<Id, usize>,
    contacts_by_service: HashMap<Id, Vec<usize>>,
    guides_by_service: HashMap<Id, Vec<usize>>,
}

impl Site {
    pub fn new(
        config: SiteConfig,
        categories: Vec<Category>,
        services: Vec<std::sync::Arc<Service>>,
        contacts: Vec<std::sync::Arc<Contact>>,
        guides: Vec<std::sync::Arc<Guide>>,
    ) -> Site {
        let positions = |ids: Vec<&Id>| {
            ids.into_iter()
                .cloned()
                .enumerate()
                .map(|(i, id)| (id, i))
                .collect()
        };
        let mut index = Index {
            services: positions(services.iter().map(|s| &s.id).collect()),
            contacts: positions(contacts.iter().map(|c| &c.id).collect()),
            categories: positions(categories.iter().map(|c| &c.id).collect()),
            contacts_by_service: HashMap::new(),
            guides_by_service: HashMap::new(),
        };
        for (i, c) in contacts.iter().enumerate() {
            index
                .contacts_by_service
                .entry(c.service.clone())
                .or_default()
                .push(i);
        }
        for (i, g) in guides.iter().enumerate() {
            for s in &g.services {
                index
                    .guides_by_service
                    .entry(s.clone())
                    .or_default()
                    .push(i);
            }
        }
        Site {
            config,
            categories,
            services,
            contacts,
            guides,
            basemap: Default::default(),
            ledger: Default::default(),
            index,
        }
    }

    pub fn service(&self, id: &Id) -> Option<&Service> {
        self.index.services.get(id).map(|&i| &*self.services[i])
    }

    pub fn contact(&self, id: &Id) -> Option<&Contact> {
        self.index.contacts.get(id).map(|&i| &*self.contacts[i])
    }

    pub fn category(&self, id: &Id) -> Option<&Category> {
        self.index.categories.get(id).map(|&i| &self.categories[i])
    }

    /// The guides that name `service` among their related services.
    pub fn guides_about<'a>(&'a self, service: &Id) -> impl Iterator<Item = &'a Guide> + 'a {
        let positions = self
            .index
            .guides_by_service
            .get(service)
            .map_or(&[][..], Vec::as_slice);
        positions.iter().map(|&i| &*self.guides[i])
    }

    pub fn contacts_of<'a>(&'a self, service: &Id) -> impl Iterator<Item = &'a Contact> + 'a {
        let positions = self
            .index
            .contacts_by_service
            .get(service)
            .map_or(&[][..], Vec::as_slice);
        positions.iter().map(|&i| &*self.contacts[i])
    }
}

#[derive(Debug)]
pub struct SiteConfig {
    pub name: Translated<String>,
    /// Absolute, ends without a slash: `https://welkom.example.nl`.
    pub base_url: String,
    pub source: Lang,
    /// In the order the site lists them; the source language is among them.
    pub languages: Vec<LangInfo>,
    pub region: phonenumber::country::Id,
    pub welcome: Translated<String>,
    pub emergency: Vec<EmergencyNumber>,
    /// Guides shown first on the home page, in this order.
    pub featured_guides: Vec<Id>,
    pub card: CardSettings,
    /// Each guide is also made as a PDF to print, beside its page.
    pub guides_on_paper: bool,
    /// How long a confirmation that a text is still correct holds; none: not asked.
    pub review_after: Option<ReviewAfter>,
}

#[derive(Debug, Clone)]
pub struct CardSettings {
    pub contacts: Option<Vec<Id>>,
    pub min_panels: u8,
    pub max_panels: u8,
    pub qr_url: Option<String>,
}

impl Default for CardSettings {
    fn default() -> Self {
        CardSettings {
            contacts: None,
            min_panels: 4,
            max_panels: 5,
            qr_url: None,
        }
    }
}

impl SiteConfig {
    pub fn lang(&self, code: &Lang) -> Option<&LangInfo> {
        self.languages.iter().find(|l| &l.code == code)
    }

    pub fn source_info(&self) -> &LangInfo {
        self.lang(&self.source)
            .expect("validated: source is a site language")
    }
}

#[derive(Debug)]
pub struct Category {
    pub id: Id,
    pub name: Translated<String>,
    /// The name of its pictogram among the theme's icons.
    pub icon: Option<String>,
}

#[derive(Debug)]
pub struct EmergencyNumber {
    pub label: Translated<String>,
    pub phone: Phone,
}

#[derive(Clone, Debug)]
pub struct Address {
    pub street: String,
    pub postcode: String,
    pub city: String,
}

#[derive(Clone, Copy, Debug)]
pub struct GeoPoint {
    pub lat: f64,
    pub lon: f64,
}

#[derive(Clone, Debug)]
pub struct LabelledPhone {
    pub phone: Phone,
    pub label: Option<Translated<String>>,
}

#[derive(Clone, Debug)]
pub struct Service {
    pub id: Id,
    /// The file it was read from, relative to the site folder: where translations go back to.
    pub file: String,
    pub name: Translated<String>,
    pub category: Id,
    pub description: Translated<String>,
    pub address: Option<Address>,
    pub location: Option<GeoPoint>,
    pub phones: Vec<LabelledPhone>,
    pub email: Option<Email>,
    pub website: Option<WebUrl>,
    pub hours: OpeningHours,
    pub hours_note: Option<Translated<String>>,
    pub languages: Vec<Lang>,
    /// When a person last confirmed that this is still correct.
    pub reviewed: Option<chrono::NaiveDate>,
}

#[derive(Clone, Debug)]
pub struct Contact {
    pub id: Id,
    /// The file it was read from, relative to the site folder.
    pub file: String,
    pub name: String,
    pub role: Translated<String>,
    pub service: Id,
    pub phone: Option<Phone>,
    pub email: Option<Email>,
    pub whatsapp: bool,
    pub languages: Vec<Lang>,
    /// What this person can do for a newcomer: the heart of the product.
    pub helps_with: Translated<Vec<String>>,
    pub on_card: bool,
    /// When a person last confirmed that this is still correct.
    pub reviewed: Option<chrono::NaiveDate>,
}

#[derive(Clone, Debug)]
pub struct GuideText {
    pub title: String,
    pub summary: String,
    /// The Markdown as written, which translations are made from.
    pub body: String,
}

impl GuideText {
    /// The text as one string, the form its version is computed from.
    pub fn joined(&self) -> String {
        format!("{}\n{}\n\n{}", self.title, self.summary, self.body)
    }

    /// The Markdown shown under the title on the page: without a first heading that only
    /// repeats the title.
    pub fn shown_body(&self) -> &str {
        without_title(&self.body, &self.title)
    }
}

#[derive(Clone, Debug)]
pub struct Guide {
    pub id: Id,
    pub category: Id,
    pub order: i32,
    pub services: Vec<Id>,
    pub contacts: Vec<Id>,
    pub text: Translated<GuideText>,
    /// The version of the source language's text, which its translations and recordings are
    /// recorded against: hashed once, as the guide is checked (a guide is not changed after).
    pub version: versions::SourceVersion,
    /// When a person last confirmed that this is still correct.
    pub reviewed: Option<chrono::NaiveDate>,
    /// The guide read aloud, per language.
    pub recordings: std::collections::BTreeMap<Lang, Recording>,
}

/// How long a confirmation that a text is still correct holds: `6 months`, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewAfter {
    pub months: u32,
    pub days: u32,
    /// As written in site.yaml, to say it back.
    pub written: String,
}

impl ReviewAfter {
    /// Reads `6 months`, `1 year`, `12 weeks`, `90 days` (or the Dutch `6 maanden`, `1 jaar`,
    /// `12 weken`, `90 dagen`).
    pub fn parse(text: &str) -> Result<ReviewAfter, String> {
        let wrong = || {
            format!(
                "`{text}` is not a period: write a number and `days`, `weeks`, `months` or `years`, like `6 months`"
            )
        };
        let (n, unit) = text.trim().split_once(' ').ok_or_else(wrong)?;
        let n: u32 = n.parse().map_err(|_| wrong())?;
        if n == 0 || n > 1000 {
            return Err(wrong());
        }
        let (months, days) = match unit.trim().to_lowercase().as_str() {
            "day" | "days" | "dag" | "dagen" => (0, n),
            "week" | "weeks" | "weken" => (0, n * 7),
            "month" | "months" | "maand" | "maanden" => (n, 0),
            "year" | "years" | "jaar" | "jaren" => (n * 12, 0),
            _ => return Err(wrong()),
        };
        Ok(ReviewAfter {
            months,
            days,
            written: text.trim().to_owned(),
        })
    }

    /// The last day a confirmation made on `reviewed` still holds.
    pub fn until(&self, reviewed: chrono::NaiveDate) -> chrono::NaiveDate {
        reviewed
            .checked_add_months(chrono::Months::new(self.months))
            .and_then(|d| d.checked_add_days(chrono::Days::new(u64::from(self.days))))
            .unwrap_or(chrono::NaiveDate::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_review_period_is_read_in_english_or_dutch() {
        let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let six = ReviewAfter::parse("6 months").unwrap();
        assert_eq!(six.until(day("2026-08-31")), day("2027-02-28"));
        assert_eq!(
            ReviewAfter::parse("1 jaar")
                .unwrap()
                .until(day("2026-01-01")),
            day("2027-01-01")
        );
        assert_eq!(
            ReviewAfter::parse("2 weken")
                .unwrap()
                .until(day("2026-01-01")),
            day("2026-01-15")
        );
        assert_eq!(
            ReviewAfter::parse("90 days")
                .unwrap()
                .until(day("2026-01-01")),
            day("2026-04-01")
        );
        for wrong in ["half a year", "6", "0 months", "6 fortnights", ""] {
            assert!(ReviewAfter::parse(wrong).is_err(), "{wrong}");
        }
    }
}
