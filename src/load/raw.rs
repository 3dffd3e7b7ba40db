//! The shapes of the files staff edit, exactly as written, with source positions kept.
//!
//! Nothing here is checked beyond YAML types: `validate` turns these into the model and says
//! what is wrong, with the position of every value at hand. The same types describe the files
//! as JSON Schema (`schema.rs`): their doc comments, in English and Dutch, are what an editor
//! shows as help, and the marker types in [`ids`] say where an id of the site's own is written.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};

use crate::model::Dir;

/// A value as written, with the place it is written at.
#[derive(Clone, Debug)]
pub struct S<T> {
    pub value: T,
    pub referenced: serde_saphyr::Location,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for S<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(d)?;
        Ok(S {
            value: spanned.value,
            referenced: spanned.referenced,
        })
    }
}

impl<T: JsonSchema> JsonSchema for S<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// A map from language code to a value, in file order, with the position of every code.
#[derive(Debug)]
pub struct RawTr<T>(pub Vec<(S<String>, T)>);

impl<T> RawTr<T> {
    /// The value in the language `code`, as written.
    pub fn get(&self, code: &str) -> Option<&T> {
        self.0.iter().find(|(l, _)| l.value == code).map(|(_, v)| v)
    }
}

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

/// A text in every language: `schema.rs` names the site's languages as its fields.
impl<T: JsonSchema> JsonSchema for RawTr<T> {
    fn schema_name() -> Cow<'static, str> {
        format!("Translated_{}", T::schema_name()).into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "object",
            "additionalProperties": generator.subschema_for::<T>(),
            ids::KEYWORD: ids::Kind::Languages.name(),
        })
    }
}

/// Where the schema names the site's own ids: in place of a plain text, one of these.
pub mod ids;

/// `site.yaml`: the town, its languages and categories.
///
/// `site.yaml`: de gemeente, haar talen en categorieën.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    /// The name of the site, in every language: `nl: Welkom in Zwolle`.
    ///
    /// De naam van de site, in elke taal.
    pub name: S<RawTr<String>>,
    /// The address the site is published at: `https://welkom.zwolle.nl`.
    ///
    /// Het adres waarop de site staat.
    pub base_url: S<String>,
    /// The language every text is written in first (`nl`); translations follow it.
    ///
    /// De taal waarin elke tekst eerst geschreven wordt (`nl`); vertalingen volgen die.
    #[schemars(with = "ids::Language")]
    pub source_language: S<String>,
    /// The languages the site is published in: `- {code: ar, name: العربية, dir: rtl}`.
    ///
    /// De talen waarin de site verschijnt.
    pub languages: S<Vec<RawLang>>,
    /// The country of phone numbers written without `+`: `NL` unless set.
    ///
    /// Het land van telefoonnummers zonder `+`; `NL` als dit ontbreekt.
    pub phone_region: Option<S<String>>,
    /// The welcome text on the home page, in every language.
    ///
    /// De welkomsttekst op de beginpagina, in elke taal.
    pub welcome: S<RawTr<String>>,
    /// The categories services and guides are grouped in, in the order the home page shows them.
    ///
    /// De categorieën van diensten en uitleg, in de volgorde van de beginpagina.
    pub categories: Vec<RawCategory>,
    /// Emergency numbers, shown at the top of every page and on the card.
    ///
    /// Alarmnummers, bovenaan elke pagina en op de kaart.
    #[serde(default)]
    pub emergency: Vec<RawEmergency>,
    /// Guides the home page shows first (their ids: file names before the language).
    ///
    /// Uitleg die de beginpagina eerst toont (de namen van hun bestanden, zonder taal).
    #[serde(default)]
    #[schemars(with = "Vec<ids::Guide>")]
    pub featured_guides: Vec<S<String>>,
    /// The pocket card's settings.
    ///
    /// De instellingen van de zakkaart.
    pub card: Option<RawCard>,
    /// `false` to not make each guide as a PDF to print beside its page (`true` unless set).
    ///
    /// `false` om uitleg niet ook als pdf om te printen te maken (`true` als dit ontbreekt).
    pub guides_on_paper: Option<bool>,
    /// The largest file the site may have (`2 MB`).
    ///
    /// Het grootste bestand dat de site mag hebben (`2 MB`).
    pub max_file_size: Option<S<String>>,
    /// How long a confirmation that a text is still correct holds (`6 months`).
    ///
    /// Hoe lang een bevestiging dat een tekst nog klopt geldig blijft (`6 months`).
    pub review_after: Option<S<String>>,
}

/// The pocket card's settings.
///
/// De instellingen van de zakkaart.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCard {
    /// The contacts on the card, in this order; without it, every contact with `on_card`.
    ///
    /// De contactpersonen op de kaart, in deze volgorde; zonder dit iedereen met `on_card`.
    #[schemars(with = "Option<Vec<ids::Contact>>")]
    pub contacts: Option<Vec<S<String>>>,
    /// The fewest panels of 55 mm the card has (3 to 5).
    ///
    /// Het kleinste aantal vakken van 55 mm (3 tot 5).
    #[schemars(range(min = 3, max = 5))]
    pub min_panels: Option<S<u8>>,
    /// The most panels of 55 mm the card may have (3 to 5).
    ///
    /// Het grootste aantal vakken van 55 mm (3 tot 5).
    #[schemars(range(min = 3, max = 5))]
    pub max_panels: Option<S<u8>>,
    /// Where the QR code on the cover leads; without it, the site in the card's language.
    ///
    /// Waar de QR-code op de voorkant naartoe leidt; zonder dit de site in de taal van de kaart.
    pub qr_url: Option<S<String>>,
}

/// One language of the site.
///
/// Eén taal van de site.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLang {
    /// The language's code: `nl`, `en`, `ar`, `ti`, `fa`, `so`, …
    ///
    /// De code van de taal.
    pub code: S<String>,
    /// The language's name in itself, as its readers look for it: `العربية`, `ትግርኛ`.
    ///
    /// De naam van de taal in die taal zelf.
    pub name: String,
    /// `rtl` for languages written from right to left (Arabic, Farsi); `ltr` otherwise.
    ///
    /// `rtl` voor talen die van rechts naar links gaan (Arabisch, Farsi).
    pub dir: Option<Dir>,
}

/// A category of services and guides.
///
/// Een categorie van diensten en uitleg.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCategory {
    /// The category's id: small letters, digits and `-` (`health`); services name it.
    ///
    /// De id van de categorie: kleine letters, cijfers en `-`; diensten noemen die.
    pub id: S<String>,
    /// The category's name, in every language.
    ///
    /// De naam van de categorie, in elke taal.
    pub name: S<RawTr<String>>,
    /// The pictogram: the name of one of the theme's icons; the category's id when left out.
    ///
    /// Het pictogram: de naam van een icoon; zonder dit de id van de categorie.
    #[schemars(with = "Option<ids::Icon>")]
    pub icon: Option<S<String>>,
}

/// An emergency number.
///
/// Een alarmnummer.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEmergency {
    /// What the number is for, in every language.
    ///
    /// Waarvoor het nummer is, in elke taal.
    pub label: S<RawTr<String>>,
    /// The number: `112`.
    ///
    /// Het nummer.
    pub phone: S<String>,
}

/// A service: an organisation or desk newcomers can go to (`services/<id>.yaml`).
///
/// Een dienst: een organisatie of loket waar nieuwkomers terechtkunnen.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawService {
    /// The service's id, the same as its file name: `health-centre`.
    ///
    /// De id van de dienst, gelijk aan de bestandsnaam.
    pub id: S<String>,
    /// The service's name, in every language.
    ///
    /// De naam van de dienst, in elke taal.
    pub name: S<RawTr<String>>,
    /// The id of its category in site.yaml: `health`.
    ///
    /// De id van de categorie in site.yaml.
    #[schemars(with = "ids::Category")]
    pub category: S<String>,
    /// What the service does for newcomers, in every language.
    ///
    /// Wat de dienst voor nieuwkomers doet, in elke taal.
    pub description: S<RawTr<String>>,
    /// Where to go: street, postcode and city.
    ///
    /// Waar men heen gaat: straat, postcode en plaats.
    pub address: Option<RawAddress>,
    /// Where on the map: `{lat: 52.51, lon: 6.09}`.
    ///
    /// Waar op de kaart.
    pub location: Option<RawGeo>,
    /// Phone numbers, each with an optional label: `- number: 038 123 4567`.
    ///
    /// Telefoonnummers, elk met een label als dat nodig is.
    #[serde(default)]
    pub phones: Vec<RawPhone>,
    /// One e-mail address.
    ///
    /// Eén e-mailadres.
    pub email: Option<S<String>>,
    /// The service's own website: `https://…`.
    ///
    /// De eigen website van de dienst.
    pub website: Option<S<String>>,
    /// Opening hours per day: `mon: [09:00-12:30, 13:30-17:00]`.
    ///
    /// Openingstijden per dag (dagen in het Engels: mon, tue, wed, thu, fri, sat, sun).
    pub opening_hours: Option<RawHours>,
    /// Languages spoken at the service: `[nl, en, ar]`.
    ///
    /// Talen die bij de dienst gesproken worden.
    #[serde(default)]
    pub languages: Vec<S<String>>,
    /// The day a person last confirmed this is still correct: `2026-12-01`.
    ///
    /// De dag waarop iemand voor het laatst bevestigde dat dit nog klopt.
    #[schemars(with = "Option<ids::Date>")]
    pub reviewed: Option<S<String>>,
}

/// A postal address.
///
/// Een adres.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAddress {
    /// Street and number: `Dorpsstraat 1`.
    ///
    /// Straat en huisnummer.
    pub street: S<String>,
    /// `1234 AB`.
    ///
    /// De postcode.
    pub postcode: S<String>,
    /// The city or village.
    ///
    /// De plaats.
    pub city: S<String>,
}

/// A place on the map, in degrees.
///
/// Een plaats op de kaart, in graden.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawGeo {
    /// Latitude, north of the equator: `52.51`.
    ///
    /// Breedtegraad.
    #[schemars(range(min = -90, max = 90))]
    pub lat: S<f64>,
    /// Longitude, east of Greenwich: `6.09`.
    ///
    /// Lengtegraad.
    #[schemars(range(min = -180, max = 180))]
    pub lon: S<f64>,
}

/// A phone number.
///
/// Een telefoonnummer.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPhone {
    /// The number with its area code: `038 123 4567` or `+31 6 1234 5678`.
    ///
    /// Het nummer met netnummer.
    pub number: S<String>,
    /// What the number is for, in every language (when there are several).
    ///
    /// Waarvoor het nummer is, in elke taal (bij meer nummers).
    pub label: Option<S<RawTr<String>>>,
}

/// Opening hours: each day a list of times, `[09:00-12:30, 13:30-17:00]`.
///
/// Openingstijden: per dag een lijst van tijden.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawHours {
    /// Monday (maandag): `[09:00-17:00]`.
    #[schemars(with = "Option<Vec<ids::Hours>>")]
    pub mon: Option<Vec<S<String>>>,
    /// Tuesday (dinsdag).
    #[schemars(with = "Option<Vec<ids::Hours>>")]
    pub tue: Option<Vec<S<String>>>,
    /// Wednesday (woensdag).
    #[schemars(with = "Option<Vec<ids::Hours>>")]
    pub wed: Option<Vec<S<String>>>,
    /// Thursday (donderdag).
    #[schemars(with = "Option<Vec<ids::Hours>>")]
    pub thu: Option<Vec<S<String>>>,
    /// Friday (vrijdag).
    #[schemars(with = "Option<Vec<ids::Hours>>")]
    pub fri: Option<Vec<S<String>>>,
    /// Saturday (zaterdag).
    #[schemars(with = "Option<Vec<ids::Hours>>")]
    pub sat: Option<Vec<S<String>>>,
    /// Sunday (zondag).
    #[schemars(with = "Option<Vec<ids::Hours>>")]
    pub sun: Option<Vec<S<String>>>,
    /// `true` when people come only by appointment.
    ///
    /// `true` als men alleen op afspraak kan komen.
    #[serde(default)]
    pub by_appointment_only: bool,
    /// Days the service is closed: `[2026-12-25]`.
    ///
    /// Dagen waarop de dienst dicht is.
    #[serde(default)]
    #[schemars(with = "Vec<ids::Date>")]
    pub closed_dates: Vec<S<String>>,
    /// A note on the hours, in every language.
    ///
    /// Een opmerking bij de tijden, in elke taal.
    pub note: Option<S<RawTr<String>>>,
}

/// A contact person (`contacts/<id>.yaml`).
///
/// Een contactpersoon.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawContact {
    /// The person's id, the same as the file name: `amira-haddad`.
    ///
    /// De id van de persoon, gelijk aan de bestandsnaam.
    pub id: S<String>,
    /// The person's name, as it is written.
    ///
    /// De naam van de persoon.
    pub name: S<String>,
    /// What the person does, in every language.
    ///
    /// Wat de persoon doet, in elke taal.
    pub role: S<RawTr<String>>,
    /// The id of the service the person works at.
    ///
    /// De id van de dienst waar de persoon werkt.
    #[schemars(with = "ids::Service")]
    pub service: S<String>,
    /// A direct phone number.
    ///
    /// Een direct telefoonnummer.
    pub phone: Option<S<String>>,
    /// An e-mail address.
    ///
    /// Een e-mailadres.
    pub email: Option<S<String>>,
    /// `true` when the number takes WhatsApp messages.
    ///
    /// `true` als het nummer WhatsApp-berichten ontvangt.
    #[serde(default)]
    pub whatsapp: bool,
    /// Languages the person speaks: `[nl, ar]`.
    ///
    /// Talen die de persoon spreekt.
    #[serde(default)]
    pub languages: Vec<S<String>>,
    /// What newcomers can ask this person, in every language: `nl: [Huurtoeslag, Verhuizen]`.
    ///
    /// Waarmee nieuwkomers bij deze persoon terechtkunnen, in elke taal.
    pub helps_with: S<RawTr<Vec<String>>>,
    /// `false` to leave the person off the pocket card.
    ///
    /// `false` om de persoon niet op de zakkaart te zetten.
    #[serde(default = "yes")]
    pub on_card: bool,
    /// The day a person last confirmed this is still correct: `2026-12-01`.
    ///
    /// De dag waarop iemand voor het laatst bevestigde dat dit nog klopt.
    #[schemars(with = "Option<ids::Date>")]
    pub reviewed: Option<S<String>>,
}

fn yes() -> bool {
    true
}

/// The front matter of one language's file of a guide (`guides/<id>.<lang>.md`).
///
/// De kop van één taalversie van een uitleg.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawGuideMeta {
    /// The guide's title.
    ///
    /// De titel.
    pub title: S<String>,
    /// One or two sentences on what the guide explains.
    ///
    /// Eén of twee zinnen over wat de uitleg vertelt.
    pub summary: S<String>,
    /// The id of its category in site.yaml.
    ///
    /// De id van de categorie in site.yaml.
    #[schemars(with = "Option<ids::Category>")]
    pub category: Option<S<String>>,
    /// Its place among the guides: lower comes first.
    ///
    /// De plaats tussen de uitleg: lager komt eerst.
    pub order: Option<S<i32>>,
    /// The services the guide is about.
    ///
    /// De diensten waar de uitleg over gaat.
    #[schemars(with = "Option<Vec<ids::Service>>")]
    pub services: Option<Vec<S<String>>>,
    /// The contacts the guide names.
    ///
    /// De contactpersonen die de uitleg noemt.
    #[schemars(with = "Option<Vec<ids::Contact>>")]
    pub contacts: Option<Vec<S<String>>>,
    /// The day a person last confirmed this is still correct (in the source language's file).
    ///
    /// De dag waarop iemand voor het laatst bevestigde dat dit nog klopt.
    #[schemars(with = "Option<ids::Date>")]
    pub reviewed: Option<S<String>>,
}

/// `translations.yaml`: item → language → `<source version>` or `<source version> machine`.
pub type RawLedger = RawTr<RawTr<S<String>>>;
