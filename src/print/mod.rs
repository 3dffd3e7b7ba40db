//! What wegwijs prints, made by Typst embedded as a library: the pocket card (the site's
//! contacts, map and emergency numbers, a print-ready PDF per language) and each guide on paper
//! (`guide.rs`).

mod blocks;
mod booklet;
mod guide;
mod layout;
mod world;

pub use guide::{AsOf, Paper};

use std::sync::Arc;

use serde::Serialize;
use typst::diag::Warned;
use typst::foundations::Smart;
use typst_layout::PagedDocument;

use crate::diagnostics::Diagnostic;
use crate::i18n::Locales;
use crate::load::Theme;
use crate::map::Drawing;
use crate::model::{Contact, Glyphs, Id, LangInfo, Site};
use crate::render::views::{Resolver, Text, TextList};
pub use world::Fonts;

/// Millimetres of one panel: folded, the card is about the size of a bank card.
pub const PANEL_WIDTH_MM: f64 = 55.0;
pub const PANEL_HEIGHT_MM: f64 = 85.0;
/// Five panels (275 mm) are the most that fit across A4 landscape with room for crop marks.
pub const MAX_PANELS: u8 = 5;
/// A cover, at least one panel of contacts and the map make three.
pub const MIN_PANELS: u8 = 3;

/// What to print on one card.
#[derive(Debug, Default, Clone)]
pub struct CardRequest {
    /// Only these contacts, in this order (a personal card); otherwise the site's card list.
    pub contacts: Option<Vec<Id>>,
    /// Replaces the site's name on the cover.
    pub title: Option<String>,
}

/// A file the card template reads (`/qr.svg`), by its path in the template's world.
type VirtualFile = (String, Vec<u8>);

/// Everything needed to print cards and guides, prepared once: fonts are parsed a single time.
pub struct Printer {
    fonts: Fonts,
    card_template: Option<Arc<str>>,
    guide_template: Option<Arc<str>>,
    /// Category pictograms as SVG files, by icon name.
    icons: std::collections::BTreeMap<String, String>,
}

#[derive(Serialize)]
struct Panel {
    width: f64,
    height: f64,
}

/// A contact as printed: on the card, or under a guide (without a pictogram).
#[derive(Serialize)]
struct CardContact {
    name: String,
    role: Text,
    org: Text,
    /// The pictogram of the service's category: a file of the card's world, or none.
    icon: Option<String>,
    phone: Option<String>,
    /// The phone number also takes WhatsApp messages.
    whatsapp: bool,
    email: Option<String>,
    helps: TextList,
}

impl CardContact {
    /// `c` as printed (on a card, or under a guide), with its service's pictogram file.
    fn of(c: &Contact, site: &Site, res: &Resolver, icon: Option<String>) -> CardContact {
        let service = site.service(&c.service).expect("validated reference");
        CardContact {
            name: c.name.clone(),
            role: res.text(&c.role),
            org: res.text(&service.name),
            icon,
            phone: c.phone.as_ref().map(|p| p.display()),
            whatsapp: c.whatsapp && c.phone.is_some(),
            email: c.email.as_ref().map(|e| e.to_string()),
            helps: res.list(&c.helps_with),
        }
    }
}

#[derive(Serialize)]
struct LegendItem {
    number: usize,
    name: Text,
    icon: Option<String>,
    address: String,
}

#[derive(Serialize)]
struct EmergencyItem {
    label: Text,
    phone: String,
}

#[derive(Serialize)]
struct MapData {
    file: String,
    markers: Vec<crate::map::Marker>,
    /// Of a marker, in millimetres: the drawing keeps names clear of circles this size.
    radius: f64,
}

#[derive(Serialize)]
struct Labels {
    legend: String,
    emergency: String,
    map: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct CardData {
    lang: String,
    dir: &'static str,
    source_lang: String,
    source_dir: &'static str,
    panel: Panel,
    min_panels: u8,
    max_panels: u8,
    title: Text,
    welcome: Text,
    language_name: String,
    url: String,
    contacts: Vec<CardContact>,
    legend: Vec<LegendItem>,
    emergency: Vec<EmergencyItem>,
    maps: std::collections::BTreeMap<String, MapData>,
    labels: Labels,
    instruction: String,
    /// Whose map data it is, printed on the map (the OpenStreetMap licence asks for it).
    attribution: Option<String>,
    /// How much larger than 7 pt the template may set the contacts when they leave room.
    max_scale: f64,
}

/// Whether contacts may be set larger than the card's 7 pt where there is room.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scale {
    Larger,
    Base,
}

/// The characters the theme's card fonts can draw, for validation to warn about the others;
/// `None` when the theme prints no card. Typst falls back on any of these fonts for a
/// character the chosen one lacks, so the card can draw exactly their union.
pub fn card_glyphs(theme: &Theme) -> Option<Glyphs> {
    theme.card.as_ref()?;
    let fonts: Vec<typst::text::FontInfo> = theme
        .fonts
        .values()
        .flat_map(|data| typst::text::FontInfo::iter(data))
        .collect();
    (!fonts.is_empty()).then(|| Glyphs::new(fonts.iter().map(|f| f.coverage.iter())))
}

impl Printer {
    /// `None` when the theme has no fonts, or neither a card nor a guide template.
    pub fn new(theme: &Theme) -> Option<Printer> {
        let card_template = theme.card.as_ref().map(|t| t.text.clone());
        let guide_template = theme
            .prints_guides()
            .then(|| theme.guide.as_ref().map(|t| t.text.clone()))
            .flatten();
        if card_template.is_none() && guide_template.is_none() {
            return None;
        }
        let fonts = Fonts::new(theme.fonts.values().cloned());
        let icons = theme
            .icons
            .iter()
            .map(|(name, icon)| (name.clone(), icon.standalone()))
            .collect();
        (!fonts.is_empty()).then_some(Printer {
            fonts,
            card_template,
            guide_template,
            icons,
        })
    }

    /// Whether the theme prints pocket cards.
    pub fn prints_cards(&self) -> bool {
        self.card_template.is_some()
    }

    /// Whether the theme prints guides.
    pub fn prints_guides(&self) -> bool {
        self.guide_template.is_some()
    }

    /// `document` as PDF; `what` names it in an error.
    fn pdf(
        &self,
        document: &PagedDocument,
        ident: String,
        what: impl Fn() -> String,
    ) -> Result<Vec<u8>, Diagnostic> {
        let options = typst_pdf::PdfOptions {
            ident: Smart::Custom(ident),
            ..Default::default()
        };
        world::deep(|| typst_pdf::pdf(document, &options)).map_err(|errors| {
            Diagnostic::error(format!(
                "{} could not be written as PDF: {}",
                what(),
                errors
                    .iter()
                    .map(|e| e.message.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            ))
        })
    }

    /// The card for `lang` as PDF bytes.
    pub fn card(
        &self,
        site: &Site,
        locales: &Locales,
        lang: &LangInfo,
        request: &CardRequest,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut document = self.compile(site, locales, lang, request, Scale::Larger)?;
        let mut clipped = layout::clipped_texts(&document);
        if !clipped.is_empty() {
            // Set larger, a long word may no longer fit its panel: at the card's own size it
            // may.
            document = self.compile(site, locales, lang, request, Scale::Base)?;
            clipped = layout::clipped_texts(&document);
        }
        clipped.dedup();
        if !clipped.is_empty() {
            return Err(Diagnostic::error(format!(
                "on the {} card, text runs past the edge of its panel and would be cut off: {}",
                lang.code,
                clipped
                    .iter()
                    .map(|t| format!("\"{t}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .help("shorten that text; a site's own card/card.typ must keep every line inside its panel"));
        }
        let document = layout::mend_extraction(&document);
        self.pdf(&document, format!("wegwijs-card-{}", lang.code), || {
            format!("the {} card", lang.code)
        })
    }

    /// Every text the card for `lang` sets, with its size in points: for tests that hold a
    /// card to its rules (nothing smaller than 7 pt).
    #[doc(hidden)]
    pub fn text_sizes(
        &self,
        site: &Site,
        locales: &Locales,
        lang: &LangInfo,
        request: &CardRequest,
    ) -> Result<Vec<(String, f64)>, Diagnostic> {
        Ok(layout::text_sizes(&self.compile(
            site,
            locales,
            lang,
            request,
            Scale::Larger,
        )?))
    }

    /// The card laid out by the template.
    fn compile(
        &self,
        site: &Site,
        locales: &Locales,
        lang: &LangInfo,
        request: &CardRequest,
        scale: Scale,
    ) -> Result<PagedDocument, Diagnostic> {
        let Some(template) = &self.card_template else {
            return Err(Diagnostic::error("the theme has no card template")
                .help("put back card/card.typ in the theme, or remove the site's own empty copy"));
        };
        let (mut data, files) = self.data(site, locales, lang, request)?;
        data.max_scale = match scale {
            Scale::Larger => 1.5,
            Scale::Base => 1.0,
        };
        let json = serde_json::to_vec(&data).expect("plain data serialises");
        let mut all: Vec<(&str, Vec<u8>)> = vec![("/data.json", json)];
        for (name, bytes) in &files {
            all.push((name.as_str(), bytes.clone()));
        }
        let world = world::PrintWorld::new(&self.fonts, template, all);
        let Warned { output, .. } = world::deep(|| typst::compile::<PagedDocument>(&world));
        output.map_err(|errors| self.error(site, lang, &errors))
    }

    fn error(
        &self,
        site: &Site,
        lang: &LangInfo,
        errors: &[typst::diag::SourceDiagnostic],
    ) -> Diagnostic {
        let messages: Vec<String> = errors.iter().map(|e| e.message.to_string()).collect();
        let all = messages.join("; ");
        if let Some(rest) = all.split("card-overflow:").nth(1) {
            let extra: String = rest.chars().take_while(char::is_ascii_digit).collect();
            return Diagnostic::error(format!(
                "{extra} contact(s) do not fit on the {} card of at most {} panels",
                lang.code, site.config.card.max_panels
            ))
            .help(format!(
                "raise `card: max_panels` in site.yaml (at most {MAX_PANELS}), take contacts off the card \
                 with `on_card: false`, or shorten their `helps_with` lists"
            ));
        }
        if all.contains("card-legend-overflow") {
            let located = site
                .services
                .iter()
                .filter(|s| s.location.is_some())
                .count();
            return Diagnostic::error(format!(
                "the {} card's legend cannot list all {located} services with a location",
                lang.code
            ))
            .help("the card's map numbers every service with a `location`; remove `location` from services that need not be on the town map");
        }
        if all.contains("card-contact-too-long") {
            return Diagnostic::error(format!(
                "a contact on the {} card is longer than a whole panel",
                lang.code
            ))
            .help("shorten that contact's `helps_with` list or its role");
        }
        Diagnostic::error(format!("the {} card template failed: {all}", lang.code))
            .help("a site's own card/card.typ may use data the card does not have; compare it with the built-in one")
    }

    fn data(
        &self,
        site: &Site,
        locales: &Locales,
        lang: &LangInfo,
        request: &CardRequest,
    ) -> Result<(CardData, Vec<VirtualFile>), Diagnostic> {
        let res = Resolver::new(site, lang);
        let card = &site.config.card;
        let ui =
            |key: &str| strip_isolation(&locales.format(&lang.code, key, None).unwrap_or_default());
        let contacts: Vec<&Contact> = match (&request.contacts, &card.contacts) {
            (Some(ids), _) | (None, Some(ids)) => ids
                .iter()
                .map(|id| {
                    site.contact(id).ok_or_else(|| {
                        let ids = || site.contacts.iter().map(|c| c.id.as_str());
                        let meant = crate::diagnostics::closest(id.as_str(), ids())
                            .map(|k| format!("did you mean `{k}`? "))
                            .unwrap_or_default();
                        let list = crate::diagnostics::nearest(id.as_str(), ids(), 12);
                        Diagnostic::error(format!("no contact has the id `{id}`")).help(format!(
                            "{meant}a contact's id is its file name in contacts/ without .yaml: {}",
                            list.join(", ")
                        ))
                    })
                })
                .collect::<Result<_, _>>()?,
            (None, None) => site
                .contacts
                .iter()
                .filter(|c| c.on_card)
                .map(|c| &**c)
                .collect(),
        };
        // Each pictogram a service's category uses, as a file the template can place.
        let mut files = Vec::new();
        let mut icon_of = |service: &crate::model::Service| -> Option<String> {
            let name = site.category(&service.category)?.icon.as_ref()?;
            let svg = self.icons.get(name)?;
            let file = format!("/icons/{name}.svg");
            if !files.iter().any(|(f, _): &(String, Vec<u8>)| f == &file) {
                files.push((file.clone(), svg.clone().into_bytes()));
            }
            Some(file)
        };
        let contacts = contacts
            .iter()
            .map(|c| {
                let service = site.service(&c.service).expect("validated reference");
                CardContact::of(c, site, &res, icon_of(service))
            })
            .collect();

        let located: Vec<_> = site
            .services
            .iter()
            .filter(|s| s.location.is_some())
            .collect();
        let places: Vec<_> = located.iter().filter_map(|s| s.location).collect();
        let legend = located
            .iter()
            .enumerate()
            .map(|(i, s)| LegendItem {
                number: i + 1,
                name: res.text(&s.name),
                icon: icon_of(s),
                address: s
                    .address
                    .as_ref()
                    // A street or a town is not broken, the address between them may be.
                    .map(|a| {
                        format!(
                            "{}, {}",
                            a.street.replace(' ', "\u{a0}"),
                            a.city.replace(' ', "\u{a0}")
                        )
                    })
                    .unwrap_or_default(),
            })
            .collect();
        let mut maps = std::collections::BTreeMap::new();
        // A map one to `max_panels - 2` panels wide: the template takes the one that fits.
        for wide in 1..=card.max_panels.saturating_sub(2) {
            let k = f64::from(wide);
            let drawing = Drawing::new(
                &site.basemap,
                &places,
                PANEL_WIDTH_MM * k,
                PANEL_HEIGHT_MM,
                crate::map::Style::CARD,
            );
            let file = format!("/map-{wide}.svg");
            files.push((
                file.clone(),
                drawing.svg(crate::map::Medium::Card, |_| None).into_bytes(),
            ));
            maps.insert(
                wide.to_string(),
                MapData {
                    file,
                    markers: drawing.markers,
                    radius: crate::map::Style::CARD.marker,
                },
            );
        }
        let url = card
            .qr_url
            .clone()
            .unwrap_or_else(|| format!("{}/{}/", site.config.base_url, lang.code));
        files.push(("/qr.svg".into(), qr_svg(&url)?.into_bytes()));

        let source = site.config.source_info();
        let mut title = res.text(&site.config.name);
        if let Some(t) = &request.title {
            title.text = t.clone();
            title.fallback = false;
        }
        let data = CardData {
            lang: lang.code.to_string(),
            dir: lang.dir.as_str(),
            source_lang: source.code.to_string(),
            source_dir: source.dir.as_str(),
            panel: Panel {
                width: PANEL_WIDTH_MM,
                height: PANEL_HEIGHT_MM,
            },
            min_panels: card.min_panels,
            max_panels: card.max_panels,
            title,
            welcome: Text {
                text: ui("card-welcome"),
                lang: lang.code.clone(),
                dir: lang.dir.as_str(),
                fallback: false,
            },
            language_name: lang.name.clone(),
            url,
            contacts,
            legend,
            emergency: self.emergency(site, &res, &ui),
            maps,
            labels: Labels {
                legend: ui("card-legend"),
                emergency: ui("emergency-title"),
                map: ui("card-map"),
            },
            instruction: strip_isolation(
                &locales
                    .format(&source.code, "card-print-instruction", None)
                    .unwrap_or_default(),
            ),
            attribution: site.basemap.attribution.clone(),
            max_scale: 1.5,
        };
        Ok((data, files))
    }
}

impl Printer {
    /// The site's emergency numbers, with 112 first when the site does not list it: every card
    /// must have the European emergency number.
    fn emergency(
        &self,
        site: &Site,
        res: &Resolver,
        ui: &dyn Fn(&str) -> String,
    ) -> Vec<EmergencyItem> {
        let mut list: Vec<EmergencyItem> = site
            .config
            .emergency
            .iter()
            .map(|e| EmergencyItem {
                label: res.text(&e.label),
                phone: e.phone.display(),
            })
            .collect();
        if !site
            .config
            .emergency
            .iter()
            .any(|e| e.phone.e164() == "112")
        {
            list.insert(
                0,
                EmergencyItem {
                    label: Text {
                        text: ui("card-emergency-112"),
                        lang: res.lang.code.clone(),
                        dir: res.lang.dir.as_str(),
                        fallback: false,
                    },
                    phone: "112".into(),
                },
            );
        }
        list
    }
}

/// Typst sets direction itself; Fluent's invisible isolation marks would only get in the way.
fn strip_isolation(s: &str) -> String {
    s.replace(['\u{2068}', '\u{2069}'], "")
}

fn qr_svg(url: &str) -> Result<String, Diagnostic> {
    let code = qrcode::QrCode::new(url.as_bytes())
        .map_err(|e| Diagnostic::error(format!("cannot make a QR code for `{url}`: {e}")))?;
    Ok(code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build())
}
