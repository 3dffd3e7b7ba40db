//! JSON Schema of every kind of file staff edit, made from the same types the loader reads
//! (`raw.rs`), with the site's own ids and languages filled in as the values an editor offers.
//!
//! An editor with a YAML language server (VS Code with the YAML extension) completes field
//! names and ids, underlines a misspelt field or an unknown category while one types, and shows
//! each field's description (English and Dutch) as help.

use std::collections::BTreeSet;

use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

use super::RawSite;
use super::raw::{self, ids::Kind};

/// The kinds of file a schema is made for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaFile {
    Site,
    Service,
    Contact,
    /// The front matter of a guide (between the `---` lines of `guides/<id>.<lang>.md`).
    GuideFrontMatter,
    Translations,
}

impl SchemaFile {
    pub const ALL: [SchemaFile; 5] = [
        SchemaFile::Site,
        SchemaFile::Service,
        SchemaFile::Contact,
        SchemaFile::GuideFrontMatter,
        SchemaFile::Translations,
    ];

    /// The schema's file name in the site's schema folder.
    pub fn file_name(self) -> &'static str {
        match self {
            SchemaFile::Site => "site.json",
            SchemaFile::Service => "service.json",
            SchemaFile::Contact => "contact.json",
            SchemaFile::GuideFrontMatter => "guide.json",
            SchemaFile::Translations => "translations.json",
        }
    }

    /// The site's files the schema describes, as a glob from the site folder.
    pub fn files(self) -> &'static str {
        match self {
            SchemaFile::Site => "site.yaml",
            SchemaFile::Service => "services/*.yaml",
            SchemaFile::Contact => "contacts/*.yaml",
            SchemaFile::GuideFrontMatter => "guides/*.md",
            SchemaFile::Translations => "translations.yaml",
        }
    }

    /// The kind of file at `path` (relative to the site folder, with `/`).
    pub fn of_path(path: &str) -> Option<SchemaFile> {
        let yaml = path.ends_with(".yaml") || path.ends_with(".yml");
        Some(match path {
            super::CONFIG_FILE => SchemaFile::Site,
            super::LEDGER_FILE => SchemaFile::Translations,
            p if yaml && p.starts_with("services/") => SchemaFile::Service,
            p if yaml && p.starts_with("contacts/") => SchemaFile::Contact,
            p if p.starts_with("guides/") && p.ends_with(".md") => SchemaFile::GuideFrontMatter,
            _ => return None,
        })
    }
}

/// The folder in a site where `wegwijs schema` writes the schemas.
pub const SCHEMA_DIR: &str = ".wegwijs/schema";

/// The ids a site declares, each list sorted: what the schema offers where one is written.
#[derive(Debug, Default)]
pub struct SiteIds {
    pub languages: Vec<String>,
    /// The source language, which every translated text must have.
    pub source: Option<String>,
    pub categories: Vec<String>,
    pub services: Vec<String>,
    pub contacts: Vec<String>,
    pub guides: Vec<String>,
    pub icons: Vec<String>,
}

impl SiteIds {
    /// The ids in the files of `site` as written (also when some are wrong: the schema helps
    /// while a site still has errors), with the theme's pictograms.
    pub fn of(site: &RawSite, icons: impl IntoIterator<Item = String>) -> SiteIds {
        let sorted = |ids: BTreeSet<String>| ids.into_iter().filter(|i| !i.is_empty()).collect();
        let config = site.config.as_ref().map(|c| &c.data);
        SiteIds {
            languages: config
                .map(|c| {
                    c.languages
                        .value
                        .iter()
                        .map(|l| l.code.value.clone())
                        .collect()
                })
                .unwrap_or_default(),
            source: config.map(|c| c.source_language.value.clone()),
            categories: sorted(
                config
                    .map(|c| c.categories.iter().map(|c| c.id.value.clone()).collect())
                    .unwrap_or_default(),
            ),
            services: sorted(
                site.services
                    .iter()
                    .map(|d| d.data.id.value.clone())
                    .collect(),
            ),
            contacts: sorted(
                site.contacts
                    .iter()
                    .map(|d| d.data.id.value.clone())
                    .collect(),
            ),
            guides: sorted(site.guides.iter().map(|d| d.data.id.clone()).collect()),
            icons: sorted(icons.into_iter().collect()),
        }
    }

    fn list(&self, kind: Kind) -> &[String] {
        match kind {
            Kind::Languages => &self.languages,
            Kind::Categories => &self.categories,
            Kind::Services => &self.services,
            Kind::Contacts => &self.contacts,
            Kind::Guides => &self.guides,
            Kind::Icons => &self.icons,
        }
    }
}

/// The JSON Schema (draft 2020-12) of one kind of file, with `ids` as the values offered.
pub fn schema(file: SchemaFile, ids: &SiteIds) -> Value {
    let generator = SchemaSettings::draft2020_12()
        .for_deserialize()
        .with(|s| s.inline_subschemas = true)
        .into_generator();
    let schema = match file {
        SchemaFile::Site => generator.into_root_schema_for::<raw::RawConfig>(),
        SchemaFile::Service => generator.into_root_schema_for::<raw::RawService>(),
        SchemaFile::Contact => generator.into_root_schema_for::<raw::RawContact>(),
        SchemaFile::GuideFrontMatter => generator.into_root_schema_for::<raw::RawGuideMeta>(),
        SchemaFile::Translations => generator.into_root_schema_for::<raw::RawLedger>(),
    };
    let mut value = schema.to_value();
    if file == SchemaFile::Translations {
        translations_shape(&mut value, ids);
    }
    fill_ids(&mut value, ids);
    if let Value::Object(map) = &mut value {
        map.insert("title".into(), json!(file.files()));
    }
    value
}

/// `translations.yaml` maps each text (not a language) to its languages.
fn translations_shape(root: &mut Value, ids: &SiteIds) {
    let Value::Object(map) = root else { return };
    map.remove(raw::ids::KEYWORD);
    map.insert(
        "description".into(),
        json!(
            "Which translation was made from which version of its source text: text → language → version. Written by `wegwijs translations`.\n\nVan welke versie van de brontekst elke vertaling gemaakt is. Geschreven door `wegwijs translations`."
        ),
    );
    // The site's languages (the source language's entry records the version itself).
    if let Some(Value::Object(inner)) = map.get_mut("additionalProperties")
        && !ids.languages.is_empty()
    {
        inner.remove(raw::ids::KEYWORD);
        inner.insert("propertyNames".into(), json!({"enum": ids.languages}));
    }
}

/// Replaces each place marked for the site's ids by the ids themselves: a text becomes one
/// of them, a translated text gets a field per language (the source language required).
fn fill_ids(value: &mut Value, ids: &SiteIds) {
    match value {
        Value::Object(map) => {
            let kind = map
                .remove(raw::ids::KEYWORD)
                .and_then(|k| Kind::ALL.into_iter().find(|x| Some(x.name()) == k.as_str()));
            if let Some(kind) = kind {
                mark(map, kind, ids);
            }
            for v in map.values_mut() {
                fill_ids(v, ids);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| fill_ids(v, ids)),
        _ => {}
    }
}

fn mark(map: &mut Map<String, Value>, kind: Kind, ids: &SiteIds) {
    let list = ids.list(kind);
    if list.is_empty() {
        return;
    }
    // A translated text is a map of languages; an id is a text.
    if !map.contains_key("additionalProperties") {
        map.insert("enum".into(), json!(list));
        return;
    }
    let Some(each) = map.remove("additionalProperties") else {
        return;
    };
    let properties: Map<String, Value> = list.iter().map(|l| (l.clone(), each.clone())).collect();
    map.insert("properties".into(), Value::Object(properties));
    map.insert("additionalProperties".into(), json!(false));
    if let Some(source) = &ids.source {
        map.insert("required".into(), json!([source]));
    }
}

/// The line that tells a YAML language server which schema a file follows, for a file at
/// `path` (relative to the site folder).
pub fn modeline(file: SchemaFile, path: &str) -> String {
    let depth = path.matches('/').count();
    format!(
        "# yaml-language-server: $schema={}{SCHEMA_DIR}/{}",
        "../".repeat(depth),
        file.file_name()
    )
}

/// The fields of each kind of file and of each group in one, in the order the types declare
/// them (which is the order the README and the example write them): a form shows them so.
pub fn field_orders() -> Vec<&'static [&'static str]> {
    vec![
        fields_of::<raw::RawConfig>(),
        fields_of::<raw::RawCard>(),
        fields_of::<raw::RawLang>(),
        fields_of::<raw::RawCategory>(),
        fields_of::<raw::RawEmergency>(),
        fields_of::<raw::RawService>(),
        fields_of::<raw::RawAddress>(),
        fields_of::<raw::RawGeo>(),
        fields_of::<raw::RawPhone>(),
        fields_of::<raw::RawHours>(),
        fields_of::<raw::RawContact>(),
        fields_of::<raw::RawGuideMeta>(),
    ]
}

/// The field names a struct's `Deserialize` asks for, in declaration order: read by a
/// deserializer that only listens.
fn fields_of<T: serde::de::DeserializeOwned>() -> &'static [&'static str] {
    use serde::de::{Deserializer, Error, Visitor};
    struct Listen(Option<&'static [&'static str]>);
    #[derive(Debug)]
    struct Stop;
    impl std::fmt::Display for Stop {
        fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("stop")
        }
    }
    impl std::error::Error for Stop {}
    impl Error for Stop {
        fn custom<M: std::fmt::Display>(_: M) -> Self {
            Stop
        }
    }
    impl<'de> Deserializer<'de> for &mut Listen {
        type Error = Stop;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
            Err(Stop)
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Stop> {
            self.0 = Some(fields);
            Err(Stop)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }
    let mut listen = Listen(None);
    let _ = T::deserialize(&mut listen);
    listen.0.unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> SiteIds {
        SiteIds {
            languages: vec!["nl".into(), "en".into(), "ar".into()],
            source: Some("nl".into()),
            categories: vec!["health".into(), "money".into()],
            services: vec!["gp".into()],
            contacts: vec!["amira".into()],
            guides: vec!["first-week".into()],
            icons: vec!["health".into()],
        }
    }

    #[test]
    fn ids_and_languages_become_the_values_offered() {
        let s = schema(SchemaFile::Service, &ids());
        let props = &s["properties"];
        assert_eq!(props["category"]["enum"], json!(["health", "money"]));
        let name = &props["name"];
        assert_eq!(name["required"], json!(["nl"]));
        assert_eq!(name["additionalProperties"], json!(false));
        assert_eq!(name["properties"]["ar"]["type"], "string");
        assert!(
            props["address"]["description"]
                .as_str()
                .unwrap()
                .contains("Waar men heen gaat"),
            "Dutch help too: {}",
            props["address"]
        );
        assert_eq!(s["additionalProperties"], json!(false));
        assert!(!s.to_string().contains(raw::ids::KEYWORD));
    }

    #[test]
    fn without_a_site_any_id_is_a_text() {
        let s = schema(SchemaFile::Contact, &SiteIds::default());
        assert_eq!(s["properties"]["service"]["type"], "string");
        assert!(s["properties"]["service"].get("enum").is_none());
    }

    #[test]
    fn fields_come_in_the_order_the_types_declare() {
        let orders = field_orders();
        assert_eq!(&orders[5][..4], ["id", "name", "category", "description"]);
        assert!(orders.iter().all(|o| !o.is_empty()));
    }

    #[test]
    fn modelines_point_up_to_the_schema_folder() {
        assert_eq!(
            modeline(SchemaFile::Service, "services/gp.yaml"),
            "# yaml-language-server: $schema=../.wegwijs/schema/service.json"
        );
        assert_eq!(
            modeline(SchemaFile::Site, "site.yaml"),
            "# yaml-language-server: $schema=.wegwijs/schema/site.json"
        );
        assert_eq!(
            SchemaFile::of_path("contacts/a.yaml"),
            Some(SchemaFile::Contact)
        );
    }
}
