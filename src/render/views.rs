//! What templates see: the model resolved for one language, as plain serialisable data.
//!
//! Every translated text carries the language it is really in, so templates can mark a
//! fallback with the right `lang` and `dir` attributes.

use std::cell::Cell;

use serde::Serialize;

use super::urls;
use crate::model::*;

#[derive(Serialize, Clone)]
pub struct Text {
    pub text: String,
    pub lang: Lang,
    pub dir: &'static str,
    /// Shown in the source language because the reader's language is missing.
    pub fallback: bool,
}

#[derive(Serialize, Clone)]
pub struct TextList {
    pub items: Vec<String>,
    pub lang: Lang,
    pub dir: &'static str,
    pub fallback: bool,
}

#[derive(Serialize, Clone)]
pub struct PhoneView {
    /// E.164, for `tel:` links; never shown to readers.
    pub tel: String,
    /// National format joined by no-break spaces; templates isolate it left-to-right.
    pub display: String,
    pub label: Option<Text>,
}

/// The phone numbers of a service with the same label (or none), in the order the first of
/// them is written.
#[derive(Serialize)]
pub struct PhoneGroup {
    pub label: Option<Text>,
    pub numbers: Vec<PhoneView>,
}

impl PhoneGroup {
    fn group(phones: impl IntoIterator<Item = PhoneView>) -> Vec<PhoneGroup> {
        let mut groups: Vec<PhoneGroup> = Vec::new();
        for phone in phones {
            let label = phone.label.as_ref().map(|l| l.text.as_str());
            match groups
                .iter_mut()
                .find(|g| g.label.as_ref().map(|l| l.text.as_str()) == label)
            {
                Some(g) => g.numbers.push(phone),
                None => groups.push(PhoneGroup {
                    label: phone.label.clone(),
                    numbers: vec![phone],
                }),
            }
        }
        groups
    }
}

#[derive(Serialize, Clone)]
pub struct LangName {
    pub code: Lang,
    pub name: String,
}

#[derive(Serialize)]
pub struct Link {
    pub url: String,
    pub name: Text,
}

#[derive(Serialize)]
pub struct ContactView {
    pub id: Id,
    pub name: String,
    pub role: Text,
    pub service: Link,
    pub phone: Option<PhoneView>,
    pub whatsapp: Option<String>,
    pub email: Option<String>,
    pub languages: Vec<LangName>,
    pub helps_with: TextList,
    pub vcard: String,
    pub on_card: bool,
}

#[derive(Serialize)]
pub struct HoursDay {
    pub day: &'static str,
    pub ranges: Vec<String>,
}

#[derive(Serialize)]
pub struct ServiceView {
    pub id: Id,
    pub url: String,
    pub name: Text,
    pub category: Link,
    pub description: Text,
    pub address: Option<AddressView>,
    pub map_url: Option<String>,
    /// The numbers under one term each: a `<dl>` names a term once, with its numbers after it.
    pub phones: Vec<PhoneGroup>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub hours: Vec<HoursDay>,
    pub by_appointment_only: bool,
    pub closed_dates: Vec<String>,
    pub hours_note: Option<Text>,
    pub languages: Vec<LangName>,
}

#[derive(Serialize)]
pub struct AddressView {
    pub street: String,
    pub postcode: String,
    pub city: String,
}

#[derive(Serialize)]
pub struct GuideSummary {
    pub id: Id,
    pub url: String,
    pub title: Text,
    pub summary: Text,
    pub category: Link,
}

/// A guide's recording in the reader's language, for the player at the top of its page.
#[derive(Serialize)]
pub struct RecordingView {
    /// The smallest format first: the browser plays the first it can.
    pub sources: Vec<AudioSourceView>,
    /// `3:12`, when the file says.
    pub length: Option<String>,
    /// Of the first source, as a reader on prepaid data weighs it: `2.1 MB`.
    pub size: String,
    /// Recorded from an older version of the text.
    pub outdated: bool,
}

#[derive(Serialize)]
pub struct AudioSourceView {
    /// Beside the page: just the file's name.
    pub url: String,
    pub mime: &'static str,
}

impl RecordingView {
    pub fn new(r: &Recording, lang: &Lang, id: &Id, outdated: bool) -> RecordingView {
        RecordingView {
            sources: r
                .sources
                .iter()
                .map(|s| AudioSourceView {
                    url: urls::recording(lang, id, s)
                        .rsplit('/')
                        .next()
                        .unwrap_or_default()
                        .to_owned(),
                    mime: s.format.mime(),
                })
                .collect(),
            length: r.length(),
            size: r
                .sources
                .first()
                .map_or_else(String::new, |s| crate::load::human_size(s.len)),
            outdated,
        }
    }
}

#[derive(Serialize)]
pub struct EmergencyView {
    pub label: Text,
    pub phone: PhoneView,
}

/// Resolves the model for one language and remembers whether any text fell back.
pub struct Resolver<'a> {
    pub site: &'a Site,
    pub lang: &'a LangInfo,
    fallback: Cell<bool>,
}

impl<'a> Resolver<'a> {
    pub fn new(site: &'a Site, lang: &'a LangInfo) -> Self {
        Resolver {
            site,
            lang,
            fallback: Cell::new(false),
        }
    }

    /// Whether something resolved so far was shown in the source language.
    pub fn used_fallback(&self) -> bool {
        self.fallback.get()
    }

    fn dir_of(&self, lang: &Lang) -> &'static str {
        self.site
            .config
            .lang(lang)
            .map_or(Dir::Ltr, |l| l.dir)
            .as_str()
    }

    fn localize<'t, T>(&self, t: &'t Translated<T>) -> Localized<'t, T> {
        let l = t.get(&self.lang.code);
        if l.fallback {
            self.fallback.set(true);
        }
        l
    }

    pub fn text(&self, t: &Translated<String>) -> Text {
        let l = self.localize(t);
        Text {
            text: l.value.clone(),
            dir: self.dir_of(l.lang),
            lang: l.lang.clone(),
            fallback: l.fallback,
        }
    }

    pub fn list(&self, t: &Translated<Vec<String>>) -> TextList {
        let l = self.localize(t);
        TextList {
            items: l.value.clone(),
            dir: self.dir_of(l.lang),
            lang: l.lang.clone(),
            fallback: l.fallback,
        }
    }

    pub fn phone(&self, p: &Phone, label: Option<&Translated<String>>) -> PhoneView {
        PhoneView {
            tel: p.e164().to_owned(),
            display: p.display(),
            label: label.map(|l| self.text(l)),
        }
    }

    pub fn lang_names(&self, langs: &[Lang]) -> Vec<LangName> {
        langs
            .iter()
            .map(|code| LangName {
                code: code.clone(),
                name: self
                    .site
                    .config
                    .lang(code)
                    .map(|l| l.name.clone())
                    .or_else(|| endonym(code).map(str::to_owned))
                    .unwrap_or_else(|| code.to_string()),
            })
            .collect()
    }

    fn category(&self, id: &Id) -> Link {
        let cat = self.site.category(id).expect("validated reference");
        Link {
            url: urls::category(&self.lang.code, id),
            name: self.text(&cat.name),
        }
    }

    pub fn service_link(&self, s: &Service) -> Link {
        Link {
            url: urls::service(&self.lang.code, &s.id),
            name: self.text(&s.name),
        }
    }

    pub fn contact(&self, c: &Contact) -> ContactView {
        let service = self.site.service(&c.service).expect("validated reference");
        ContactView {
            id: c.id.clone(),
            name: c.name.clone(),
            role: self.text(&c.role),
            service: self.service_link(service),
            phone: c.phone.as_ref().map(|p| self.phone(p, None)),
            whatsapp: c
                .phone
                .as_ref()
                .filter(|_| c.whatsapp)
                .map(|p| format!("https://wa.me/{}", p.e164().trim_start_matches('+'))),
            email: c.email.as_ref().map(|e| e.to_string()),
            languages: self.lang_names(&c.languages),
            helps_with: self.list(&c.helps_with),
            vcard: urls::vcard(&self.lang.code, &c.id),
            on_card: c.on_card,
        }
    }

    pub fn service(&self, s: &Service) -> ServiceView {
        ServiceView {
            id: s.id.clone(),
            url: urls::service(&self.lang.code, &s.id),
            name: self.text(&s.name),
            category: self.category(&s.category),
            description: self.text(&s.description),
            address: s.address.as_ref().map(|a| AddressView {
                street: a.street.clone(),
                postcode: a.postcode.clone(),
                city: a.city.clone(),
            }),
            map_url: s.location.map(|g| {
                format!(
                    "https://www.openstreetmap.org/?mlat={lat:.5}&mlon={lon:.5}#map=17/{lat:.5}/{lon:.5}",
                    lat = g.lat,
                    lon = g.lon
                )
            }),
            phones: PhoneGroup::group(
                s.phones
                    .iter()
                    .map(|p| self.phone(&p.phone, p.label.as_ref())),
            ),
            email: s.email.as_ref().map(|e| e.to_string()),
            website: s.website.as_ref().map(|w| w.as_str().to_owned()),
            hours: s
                .hours
                .days
                .iter()
                .map(|(day, ranges)| HoursDay {
                    day: day.key(),
                    ranges: ranges.iter().map(|r| r.to_string()).collect(),
                })
                .collect(),
            by_appointment_only: s.hours.by_appointment_only,
            closed_dates: s.hours.closed_dates.clone(),
            hours_note: s.hours_note.as_ref().map(|n| self.text(n)),
            languages: self.lang_names(&s.languages),
        }
    }

    pub fn guide_summary(&self, g: &Guide) -> GuideSummary {
        let l = self.localize(&g.text);
        let text = |s: &String| Text {
            text: s.clone(),
            lang: l.lang.clone(),
            dir: self.dir_of(l.lang),
            fallback: l.fallback,
        };
        GuideSummary {
            id: g.id.clone(),
            url: urls::guide(&self.lang.code, &g.id),
            title: text(&l.value.title),
            summary: text(&l.value.summary),
            category: self.category(&g.category),
        }
    }

    pub fn emergency(&self) -> Vec<EmergencyView> {
        self.site
            .config
            .emergency
            .iter()
            .map(|e| EmergencyView {
                label: self.text(&e.label),
                phone: self.phone(&e.phone, None),
            })
            .collect()
    }
}
