//! Where the schema names the site's own ids: in place of a plain text, one of these marker
//! types, which `schema.rs` replaces by the site's ids, languages and pictograms.

use super::*;

/// The keyword that marks a place for the site's ids in a generated schema.
pub const KEYWORD: &str = "x-wegwijs-ids";

/// The kinds of id a site declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Languages,
    Categories,
    Services,
    Contacts,
    Guides,
    Icons,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Languages,
        Kind::Categories,
        Kind::Services,
        Kind::Contacts,
        Kind::Guides,
        Kind::Icons,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Languages => "languages",
            Kind::Categories => "categories",
            Kind::Services => "services",
            Kind::Contacts => "contacts",
            Kind::Guides => "guides",
            Kind::Icons => "icons",
        }
    }
}

macro_rules! marker {
    ($name:ident, $kind:expr) => {
        pub struct $name;
        impl JsonSchema for $name {
            fn inline_schema() -> bool {
                true
            }
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({"type": "string", KEYWORD: $kind.name()})
            }
        }
    };
}
marker!(Language, Kind::Languages);
marker!(Category, Kind::Categories);
marker!(Service, Kind::Services);
marker!(Contact, Kind::Contacts);
marker!(Guide, Kind::Guides);
marker!(Icon, Kind::Icons);

/// A day, `2026-12-01`.
pub struct Date;
impl JsonSchema for Date {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"})
    }
}

/// A time range of opening hours, `09:00-12:30`.
pub struct Hours;
impl JsonSchema for Hours {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Hours".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^\\s*[0-9]{2}:[0-9]{2}\\s*-\\s*[0-9]{2}:[0-9]{2}\\s*$"
        })
    }
}
