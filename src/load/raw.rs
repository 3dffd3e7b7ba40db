//! The shapes of the files staff edit, exactly as written, with source positions kept.
//!
//! Nothing here is checked beyond YAML types: `validate` turns these into the model and says
//! what is wrong, with the position of every value at hand.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;

use crate::model::Dir;

pub type S<T> = Spanned<T>;

/// A map from language code to a value, in file order, with the position of every code.
#[derive(Debug)]
pub struct RawTr<T>(pub Vec<(S<String>, T)>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for RawTr<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = RawTr<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map from language code to text, like `nl: …` and `en: …`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(k) = map.next_key::<S<String>>()? {
                    out.push((k, map.next_value()?));
                }
                Ok(RawTr(out))
            }
        }
        d.deserialize_map(V(PhantomData))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    pub name: S<RawTr<String>>,
    pub base_url: S<String>,
    pub source_language: S<String>,
    pub languages: S<Vec<RawLang>>,
    /// ISO 3166 country of phone numbers written without `+`; `NL` unless set.
    pub phone_region: Option<S<String>>,
    pub welcome: S<RawTr<String>>,
    pub categories: Vec<RawCategory>,
    #[serde(default)]
    pub emergency: Vec<RawEmergency>,
    #[serde(default)]
    pub featured_guides: Vec<S<String>>,
    pub card: Option<RawCard>,
    /// The largest file the site may have (`2 MB`); read before any other file.
    pub max_file_size: Option<S<String>>,
    /// How long a confirmation that a text is still correct holds (`6 months`).
    pub review_after: Option<S<String>>,
}

/// The pocket card's settings.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCard {
    /// The contacts on the card, in this order; default: every contact with `on_card`.
    pub contacts: Option<Vec<S<String>>>,
    pub min_panels: Option<S<u8>>,
    pub max_panels: Option<S<u8>>,
    /// Where the QR code on the cover leads; default: the site in the card's language.
    pub qr_url: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLang {
    pub code: S<String>,
    pub name: String,
    pub dir: Option<Dir>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCategory {
    pub id: S<String>,
    pub name: S<RawTr<String>>,
    /// The pictogram: the name of an icon of the theme; default the category's id.
    pub icon: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEmergency {
    pub label: S<RawTr<String>>,
    pub phone: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawService {
    pub id: S<String>,
    pub name: S<RawTr<String>>,
    pub category: S<String>,
    pub description: S<RawTr<String>>,
    pub address: Option<RawAddress>,
    pub location: Option<RawGeo>,
    #[serde(default)]
    pub phones: Vec<RawPhone>,
    pub email: Option<S<String>>,
    pub website: Option<S<String>>,
    pub opening_hours: Option<RawHours>,
    #[serde(default)]
    pub languages: Vec<S<String>>,
    /// When a person last confirmed that this is still correct (`2026-12-01`).
    pub reviewed: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAddress {
    pub street: S<String>,
    pub postcode: S<String>,
    pub city: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGeo {
    pub lat: S<f64>,
    pub lon: S<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPhone {
    pub number: S<String>,
    pub label: Option<S<RawTr<String>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHours {
    pub mon: Option<Vec<S<String>>>,
    pub tue: Option<Vec<S<String>>>,
    pub wed: Option<Vec<S<String>>>,
    pub thu: Option<Vec<S<String>>>,
    pub fri: Option<Vec<S<String>>>,
    pub sat: Option<Vec<S<String>>>,
    pub sun: Option<Vec<S<String>>>,
    #[serde(default)]
    pub by_appointment_only: bool,
    #[serde(default)]
    pub closed_dates: Vec<S<String>>,
    pub note: Option<S<RawTr<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawContact {
    pub id: S<String>,
    pub name: S<String>,
    pub role: S<RawTr<String>>,
    pub service: S<String>,
    pub phone: Option<S<String>>,
    pub email: Option<S<String>>,
    #[serde(default)]
    pub whatsapp: bool,
    #[serde(default)]
    pub languages: Vec<S<String>>,
    pub helps_with: S<RawTr<Vec<String>>>,
    #[serde(default = "yes")]
    pub on_card: bool,
    /// When a person last confirmed that this is still correct (`2026-12-01`).
    pub reviewed: Option<S<String>>,
}

fn yes() -> bool {
    true
}

/// The front matter of one language's file of a guide.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGuideMeta {
    pub title: S<String>,
    pub summary: S<String>,
    pub category: Option<S<String>>,
    pub order: Option<S<i32>>,
    pub services: Option<Vec<S<String>>>,
    pub contacts: Option<Vec<S<String>>>,
    /// When a person last confirmed that this is still correct (`2026-12-01`); read from
    /// the source language's file.
    pub reviewed: Option<S<String>>,
}

/// `translations.yaml`: item → language → `<source version>` or `<source version> machine`.
pub type RawLedger = RawTr<RawTr<S<String>>>;
