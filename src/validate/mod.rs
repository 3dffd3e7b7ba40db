//! Stage 2: check the raw documents and turn them into the model.
//!
//! Every check reports through `Diagnostics` and carries on, so that one build lists every
//! problem of the site; a value that fails is left out rather than stopping the build.

use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::raw::{RawCard, RawConfig, RawContact, RawHours, RawLedger, RawService, RawTr, S};
use crate::load::{Doc, RawGuide, RawSite};
use crate::model::*;

/// Checks everything that can be checked without rendering. `None` when the site
/// configuration itself is unusable; otherwise the site, with the problems in `diags`.
/// `icons` are the names of the theme's pictograms, which categories refer to.
pub fn validate(mut raw: RawSite, icons: &[&str], diags: &mut Diagnostics) -> Option<Site> {
    let config_doc = raw.config.as_ref()?;
    let mut cx = Cx {
        icons,
        unreadable: &raw.unreadable,
        diags,
        languages: Vec::new(),
        source: None,
        region: phonenumber::country::Id::NL,
    };
    let config = cx.config(config_doc)?;
    let categories = cx.categories(config_doc);

    // References are checked against every id a file declares, valid or not, so that one
    // broken file is reported once and not again at everything that points to it.
    let declared = |ids: Vec<&S<String>>| -> Vec<Id> {
        ids.into_iter()
            .filter_map(|i| Id::parse(&i.value).ok())
            .collect()
    };
    let service_ids = declared(raw.services.iter().map(|d| &d.data.id).collect());
    let contact_ids = declared(raw.contacts.iter().map(|d| &d.data.id).collect());

    let mut seen = Seen::default();
    let services: Vec<Service> = raw
        .services
        .iter()
        .filter_map(|doc| {
            let s = cx.service(doc, &categories)?;
            seen.first(&mut cx, doc, &doc.data.id, "service")
                .then_some(s)
        })
        .collect();
    let mut seen = Seen::default();
    let contacts: Vec<Contact> = raw
        .contacts
        .iter()
        .filter_map(|doc| {
            let c = cx.contact(doc, &service_ids)?;
            seen.first(&mut cx, doc, &doc.data.id, "contact")
                .then_some(c)
        })
        .collect();
    let guides = cx.guides(&raw.guides, &categories, &service_ids, &contact_ids);

    for g in &config_doc.data.featured_guides {
        if !guides.iter().any(|x| x.id.as_str() == g.value) {
            cx.diags.push(
                config_doc
                    .error(g, format!("featured guide `{}` does not exist", g.value))
                    .help("use the id of a guide: its file name before the language, as in guides/<id>.nl.md"),
            );
        }
    }

    let mut config = config;
    if let Some(card) = &config_doc.data.card {
        config.card = cx.card(config_doc, card, &contact_ids);
    }
    let mut site = Site::new(config, categories, services, contacts, guides);
    site.basemap = std::mem::take(&mut raw.basemap);
    if let Some(doc) = &raw.ledger {
        site.ledger = cx.ledger(doc);
    }
    Some(site)
}

struct Cx<'a> {
    icons: &'a [&'a str],
    unreadable: &'a [String],
    diags: &'a mut Diagnostics,
    languages: Vec<Lang>,
    source: Option<Lang>,
    region: phonenumber::country::Id,
}

/// Ids already taken, to report duplicates at the second file.
#[derive(Default)]
struct Seen(HashMap<String, String>);

impl Seen {
    fn first<T>(&mut self, cx: &mut Cx, doc: &Doc<T>, id: &S<String>, kind: &str) -> bool {
        match self.0.get(&id.value) {
            Some(other) => {
                cx.diags.push(
                    doc.error(id, format!("duplicate {kind} id `{}`", id.value))
                        .label("this id is already used")
                        .help(format!(
                            "`{other}` has the same id; every {kind} needs its own"
                        )),
                );
                false
            }
            None => {
                let loc = Diagnostic::error("")
                    .at(&doc.file, doc.span(id))
                    .location()
                    .unwrap_or_default();
                self.0.insert(id.value.clone(), loc);
                true
            }
        }
    }
}

impl Cx<'_> {
    fn source(&self) -> &Lang {
        self.source.as_ref().expect("set by config()")
    }

    fn config(&mut self, doc: &Doc<RawConfig>) -> Option<SiteConfig> {
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
                let label = self.tr(doc, &e.label);
                let phone =
                    Phone::parse_short(&e.phone.value).or_else(|| self.phone(doc, &e.phone));
                Some(EmergencyNumber {
                    label: label?,
                    phone: phone?,
                })
            })
            .collect();

        Some(SiteConfig {
            card: CardSettings::default(),
            name: self.tr(doc, &c.name)?,
            welcome: self.tr(doc, &c.welcome)?,
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

    fn card(&mut self, doc: &Doc<RawConfig>, raw: &RawCard, contacts: &[Id]) -> CardSettings {
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
                .filter_map(|c| self.reference(doc, c, "contact", contacts.iter()))
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

    fn categories(&mut self, doc: &Doc<RawConfig>) -> Vec<Category> {
        let mut seen = Seen::default();
        doc.data
            .categories
            .iter()
            .filter_map(|c| {
                let cat = Category {
                    id: self.id(doc, &c.id)?,
                    name: self.tr(doc, &c.name)?,
                    icon: self.icon(doc, c),
                };
                seen.first(self, doc, &c.id, "category").then_some(cat)
            })
            .collect()
    }

    /// The category's pictogram: the icon it names, or the one named like the category.
    fn icon(&mut self, doc: &Doc<RawConfig>, c: &crate::load::raw::RawCategory) -> Option<String> {
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

    fn service(&mut self, doc: &Doc<RawService>, categories: &[Category]) -> Option<Service> {
        let s = &doc.data;
        let category = self.reference(
            doc,
            &s.category,
            "category",
            categories.iter().map(|c| &c.id),
        );
        let location = s.location.as_ref().and_then(|l| {
            let ok = (-90.0..=90.0).contains(&l.value.lat) && (-180.0..=180.0).contains(&l.value.lon);
            if !ok {
                self.diags.push(
                    doc.error(l, "latitude must be between -90 and 90 and longitude between -180 and 180")
                        .help("write decimal degrees, e.g. `lat: 52.37` and `lon: 4.89`; check they are not swapped"),
                );
            }
            ok.then_some(GeoPoint {
                lat: l.value.lat,
                lon: l.value.lon,
            })
        });
        let phones = s
            .phones
            .iter()
            .filter_map(|p| {
                let label = match &p.label {
                    Some(l) => Some(self.tr(doc, l)?),
                    None => None,
                };
                Some(LabelledPhone {
                    phone: self.phone(doc, &p.number)?,
                    label,
                })
            })
            .collect();
        let default_hours = RawHours::default();
        let raw_hours = s.opening_hours.as_ref().unwrap_or(&default_hours);
        let hours_note = match &raw_hours.note {
            Some(n) => Some(self.tr(doc, n)?),
            None => None,
        };
        Some(Service {
            id: self.id(doc, &s.id)?,
            file: doc.file.path.clone(),
            name: self.tr(doc, &s.name)?,
            category: category?,
            description: self.tr(doc, &s.description)?,
            address: s.address.as_ref().map(|a| Address {
                street: a.street.clone(),
                postcode: a.postcode.value.clone(),
                city: a.city.clone(),
            }),
            location,
            phones,
            email: s.email.as_ref().and_then(|e| self.email(doc, e)),
            website: s.website.as_ref().and_then(|w| {
                WebUrl::parse(&w.value)
                    .map_err(|e| {
                        self.diags.push(
                            doc.error(w, e)
                                .help("write the full address, starting with https://"),
                        )
                    })
                    .ok()
            }),
            hours: self.hours(doc, raw_hours),
            hours_note,
            languages: s
                .languages
                .iter()
                .filter_map(|l| self.lang(doc, l))
                .collect(),
        })
    }

    fn hours<T>(&mut self, doc: &Doc<T>, h: &RawHours) -> OpeningHours {
        let days = [&h.mon, &h.tue, &h.wed, &h.thu, &h.fri, &h.sat, &h.sun];
        let mut out = OpeningHours {
            by_appointment_only: h.by_appointment_only,
            ..Default::default()
        };
        for (day, ranges) in Weekday::ALL.into_iter().zip(days) {
            let Some(ranges) = ranges else { continue };
            let parsed: Vec<TimeRange> = ranges
                .iter()
                .filter_map(|r| {
                    TimeRange::parse(&r.value)
                        .map_err(|e| {
                            self.diags.push(doc.error(r, e).help(
                                "for two periods on one day write `[09:00-12:00, 13:00-17:00]`",
                            ))
                        })
                        .ok()
                })
                .collect();
            if !parsed.is_empty() {
                out.days.push((day, parsed));
            }
        }
        for d in &h.closed_dates {
            let v = &d.value;
            let ok = v.len() == 10
                && v.as_bytes()[4] == b'-'
                && v.as_bytes()[7] == b'-'
                && v[..4].parse::<u16>().is_ok()
                && v[5..7].parse::<u8>().is_ok_and(|m| (1..=12).contains(&m))
                && v[8..].parse::<u8>().is_ok_and(|d| (1..=31).contains(&d));
            if ok {
                out.closed_dates.push(v.clone());
            } else {
                self.diags.push(
                    doc.error(d, format!("`{v}` is not a date"))
                        .help("write dates as year-month-day: `2026-12-25`"),
                );
            }
        }
        out
    }

    fn contact(&mut self, doc: &Doc<RawContact>, services: &[Id]) -> Option<Contact> {
        let c = &doc.data;
        let service = self.reference(doc, &c.service, "service", services.iter());
        let helps_with = self.tr(doc, &c.helps_with);
        if let Some(h) = &helps_with
            && h.source().is_empty()
        {
            self.diags.push(
                doc.error(&c.helps_with, "`helps_with` is empty")
                    .help("list what this person can do for a newcomer, one short line each"),
            );
        }
        if c.name.value.trim().is_empty() {
            self.diags.push(doc.error(&c.name, "the name is empty"));
        }
        Some(Contact {
            id: self.id(doc, &c.id)?,
            file: doc.file.path.clone(),
            name: c.name.value.trim().to_owned(),
            role: self.tr(doc, &c.role)?,
            service: service?,
            phone: c.phone.as_ref().and_then(|p| self.phone(doc, p)),
            email: c.email.as_ref().and_then(|e| self.email(doc, e)),
            whatsapp: c.whatsapp,
            languages: c
                .languages
                .iter()
                .filter_map(|l| self.lang(doc, l))
                .collect(),
            helps_with: helps_with?,
            on_card: c.on_card,
        })
    }

    fn guides(
        &mut self,
        files: &[std::sync::Arc<Doc<RawGuide>>],
        categories: &[Category],
        services: &[Id],
        contacts: &[Id],
    ) -> Vec<Guide> {
        // All language files of a guide, by id, in file order.
        let mut by_id: BTreeMap<&str, Vec<(&Doc<RawGuide>, Lang)>> = BTreeMap::new();
        for doc in files {
            let g = &doc.data;
            let lang = match Lang::parse(&g.lang) {
                Ok(l) if self.languages.contains(&l) => l,
                Ok(l) => {
                    self.diags.push(
                        Diagnostic::error(format!("unknown language code `{l}` in the file name"))
                            .in_file(&doc.file)
                            .help(self.languages_help()),
                    );
                    continue;
                }
                Err(e) => {
                    self.diags.push(
                        Diagnostic::error(e)
                            .in_file(&doc.file)
                            .help(self.languages_help()),
                    );
                    continue;
                }
            };
            if let Err(e) = Id::parse(&g.id) {
                self.diags.push(
                    Diagnostic::error(format!("the guide's file name: {e}"))
                        .in_file(&doc.file)
                        .help("rename the file to `<id>.<language>.md`, like `first-week.nl.md`"),
                );
                continue;
            }
            by_id.entry(&g.id).or_default().push((doc, lang));
        }

        let source = self.source().clone();
        let guide_ids: Vec<&str> = by_id.keys().copied().collect();
        let mut guides = Vec::new();
        for (id, versions) in &by_id {
            let id: &str = id;
            let Some((src_doc, _)) = versions.iter().find(|(_, l)| *l == source) else {
                let (doc, _) = versions[0];
                self.diags.push(
                    Diagnostic::error(format!("guide `{id}` has no {source} version"))
                        .in_file(&doc.file)
                        .help(format!(
                            "every guide starts in the source language: add guides/{id}.{source}.md"
                        )),
                );
                continue;
            };
            let m = &src_doc.data.meta;
            let category = match &m.category {
                Some(c) => {
                    self.reference(*src_doc, c, "category", categories.iter().map(|c| &c.id))
                }
                None => {
                    self.diags.push(
                        Diagnostic::error("the guide has no `category`")
                            .at(&src_doc.file, 0..3)
                            .help(
                                "add `category:` with the id of one of the categories in site.yaml",
                            ),
                    );
                    None
                }
            };
            let refs = |cx: &mut Self,
                        list: &Option<Vec<S<String>>>,
                        kind: &str,
                        ids: Vec<&Id>|
             -> Vec<Id> {
                list.iter()
                    .flatten()
                    .filter_map(|r| cx.reference(*src_doc, r, kind, ids.iter().copied()))
                    .collect()
            };
            let services = refs(self, &m.services, "service", services.iter().collect());
            let contacts = refs(self, &m.contacts, "contact", contacts.iter().collect());

            // Cross-references in every language's text must point at something that exists.
            for (doc, _) in versions {
                for (kind, target, range) in crate::render::xrefs(&doc.data.body) {
                    let known = match kind {
                        crate::render::XrefKind::Service => {
                            services.iter().any(|s| s.as_str() == target)
                        }
                        crate::render::XrefKind::Contact => {
                            contacts.iter().any(|c| c.as_str() == target)
                        }
                        crate::render::XrefKind::Guide => guide_ids.contains(&target.as_str()),
                    };
                    // A file that could not be read has its own error; do not repeat it here.
                    if !known && !self.unreadable.contains(&target) {
                        let at =
                            doc.data.body_offset + range.start..doc.data.body_offset + range.end;
                        self.diags.push(
                            Diagnostic::error(format!("link to unknown {} `{target}`", kind.name()))
                                .at(&doc.file, at)
                                .label(format!("no {} has this id", kind.name()))
                                .help(format!(
                                    "write links to the site's own pages as [text]({}:<id>) with the id of an existing {}",
                                    kind.name(),
                                    kind.name()
                                )),
                        );
                    }
                }
            }

            // Translations repeat the structure only by copying; say so when a copy drifted.
            for (doc, lang) in versions {
                if *lang == source {
                    continue;
                }
                let t = &doc.data.meta;
                let fields = [
                    (
                        "category",
                        t.category.as_ref().map(|c| doc.span(c)),
                        t.category.as_ref().map(|c| c.value.clone())
                            != m.category.as_ref().map(|c| c.value.clone()),
                    ),
                    (
                        "order",
                        t.order.as_ref().map(|c| doc.span(c)),
                        t.order.as_ref().map(|o| o.value) != m.order.as_ref().map(|o| o.value),
                    ),
                ];
                for (name, span, differs) in fields {
                    if let (Some(span), true) = (span, differs) {
                        self.diags.push(
                            Diagnostic::warning(format!(
                                "`{name}` differs from the {source} version and is ignored"
                            ))
                            .at(&doc.file, span)
                            .help(format!(
                                "`{name}` is taken from guides/{id}.{source}.md; remove it here"
                            )),
                        );
                    }
                }
            }

            let text = versions
                .iter()
                .map(|(doc, lang)| {
                    let meta = &doc.data.meta;
                    (
                        lang.clone(),
                        GuideText {
                            title: meta.title.value.trim().to_owned(),
                            summary: meta.summary.value.trim().to_owned(),
                            body: doc.data.body.clone(),
                        },
                    )
                })
                .collect();
            let (Ok(id), Some(category)) = (Id::parse(id), category) else {
                continue;
            };
            guides.push(Guide {
                id,
                category,
                order: m.order.as_ref().map_or(0, |o| o.value),
                services,
                contacts,
                text: Translated::new(source.clone(), text).expect("source version checked above"),
            });
        }
        guides.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
        guides
    }

    fn ledger(&mut self, doc: &Doc<Option<RawLedger>>) -> Ledger {
        let mut ledger = Ledger::default();
        for (item, langs) in doc.data.iter().flat_map(|l| &l.0) {
            for (code, value) in &langs.0 {
                let lang = match Lang::parse(&code.value) {
                    Ok(l) if self.languages.contains(&l) => l,
                    _ => {
                        self.diags.push(
                            doc.error(code, format!("`{}` is not one of the site's languages", code.value))
                                .help("this line is ignored; it is dropped the next time wegwijs writes translations.yaml"),
                        );
                        continue;
                    }
                };
                let mut words = value.value.split_whitespace();
                let version = words.next().and_then(SourceVersion::parse);
                let machine = match words.next() {
                    None => Some(false),
                    Some("machine") => Some(true),
                    Some(_) => None,
                };
                match (version, machine, words.next()) {
                    (Some(version), Some(machine), None) => {
                        ledger.set(&item.value, lang, Recorded { version, machine })
                    }
                    _ => self.diags.push(
                        doc.error(value, format!("`{}` is not a source version", value.value))
                            .help("wegwijs writes 12 hexadecimal digits, optionally followed by `machine`; run `wegwijs translations accept` to record versions again"),
                    ),
                }
            }
        }
        ledger
    }

    fn languages_help(&self) -> String {
        let list: Vec<&str> = self.languages.iter().map(Lang::as_str).collect();
        format!(
            "the site's languages are {}; add a language to `languages:` in site.yaml or correct the code",
            list.join(", ")
        )
    }

    /// A valid language code (any language: people speak more than the site publishes).
    fn lang<T>(&mut self, doc: &Doc<T>, code: &S<String>) -> Option<Lang> {
        Lang::parse(&code.value)
            .map_err(|e| {
                self.diags.push(
                    doc.error(code, format!("unknown language code: {e}"))
                        .help("use a BCP 47 code such as `nl`, `ar`, `ti` or `fa`"),
                )
            })
            .ok()
    }

    fn tr<T, V: Clone>(&mut self, doc: &Doc<T>, field: &S<RawTr<V>>) -> Option<Translated<V>> {
        let mut values = BTreeMap::new();
        for (code, value) in &field.value.0 {
            let Some(lang) = self.lang(doc, code) else {
                continue;
            };
            if !self.languages.contains(&lang) {
                self.diags.push(
                    doc.error(code, format!("unknown language code `{lang}`"))
                        .label("not one of the site's languages")
                        .help(self.languages_help()),
                );
                continue;
            }
            values.insert(lang, value.clone());
        }
        let source = self
            .source
            .clone()
            .expect("set before translated fields are read");
        let t = Translated::new(source.clone(), values);
        if t.is_none() {
            self.diags.push(
                doc.error(field, format!("this text has no `{source}` version"))
                    .help(format!(
                        "every translated text needs the source language: add `{source}: …`"
                    )),
            );
        }
        t
    }

    fn id<T>(&mut self, doc: &Doc<T>, raw: &S<String>) -> Option<Id> {
        Id::parse(&raw.value)
            .map_err(|e| {
                self.diags.push(
                    doc.error(raw, e)
                        .label("ids become parts of web addresses")
                        .help("write it like `health-centre`; the file name usually repeats it"),
                )
            })
            .ok()
    }

    fn reference<'i, T>(
        &mut self,
        doc: &Doc<T>,
        raw: &S<String>,
        kind: &str,
        ids: impl Iterator<Item = &'i Id>,
    ) -> Option<Id> {
        let ids: Vec<&Id> = ids.collect();
        if let Some(id) = ids.iter().find(|i| i.as_str() == raw.value) {
            return Some((*id).clone());
        }
        if self.unreadable.contains(&raw.value) {
            return None;
        }
        let mut known: Vec<&str> = ids.iter().map(|i| i.as_str()).collect();
        known.sort_by_key(|k| strsim::levenshtein(k, &raw.value));
        let suggestion = match known.first() {
            Some(k) if strsim::levenshtein(k, &raw.value) <= 3 => format!("did you mean `{k}`? "),
            _ => String::new(),
        };
        self.diags.push(
            doc.error(raw, format!("unknown {kind} `{}`", raw.value))
                .label(format!("no {kind} has this id"))
                .help(format!(
                    "{suggestion}known {kind} ids: {}",
                    known
                        .iter()
                        .take(12)
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
        );
        None
    }

    fn phone<T>(&mut self, doc: &Doc<T>, raw: &S<String>) -> Option<Phone> {
        Phone::parse(&raw.value, self.region)
            .map_err(|e| {
                self.diags.push(doc.error(raw, e).help(
                    "write the number with its area code, like `020 123 4567` or `+31 6 1234 5678`",
                ))
            })
            .ok()
    }

    fn email<T>(&mut self, doc: &Doc<T>, raw: &S<String>) -> Option<Email> {
        Email::parse(&raw.value)
            .map_err(|e| {
                self.diags.push(
                    doc.error(raw, e)
                        .help("write one address, like `name@gemeente.nl`"),
                )
            })
            .ok()
    }
}
