//! Open data: the services, their places, contact persons and opening hours as Open Referral
//! HSDS 3.0 JSON, one file per language (`open-data/hsds/<lang>/services.json`), so that
//! neighbouring systems and other municipalities can reuse them. The mapping is documented in
//! the README ("Open data").
//!
//! HSDS has no translated texts, hence one export per language with the same ids in each: ids
//! are name-based UUIDs (version 8, from SHA-256 of the site's address and the wegwijs id), so
//! they stay the same from build to build.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::OutputFile;
use super::views::Resolver;
use crate::model::{LangInfo, OpeningHours, Service, Site, Weekday};

pub const DIR: &str = "open-data/hsds";

/// A stable UUID for `kind`/`key` of this site.
fn uuid(site: &Site, kind: &str, key: &str) -> String {
    let digest = Sha256::digest(format!("{}\n{kind}\n{key}", site.config.base_url));
    let mut b: [u8; 16] = digest[..16].try_into().expect("16 of 32 bytes");
    b[6] = (b[6] & 0x0f) | 0x80; // version 8: custom
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 9562 variant
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// The HSDS files of every language.
pub fn files(site: &Site) -> Vec<OutputFile> {
    site.config
        .languages
        .iter()
        .map(|lang| {
            let services: Vec<Value> = site
                .services
                .iter()
                .map(|s| without_empty(service(site, lang, s)))
                .collect();
            OutputFile {
                path: format!("{DIR}/{}/services.json", lang.code),
                bytes: serde_json::to_vec_pretty(&services).expect("plain data serialises"),
            }
        })
        .collect()
}

/// Fields HSDS requires although wegwijs does not know them: written empty.
const REQUIRED_EVEN_EMPTY: [&str; 1] = ["state_province"];

/// HSDS leaves out what is not known: no `null`, no empty text, list or object, except
/// [`REQUIRED_EVEN_EMPTY`].
fn without_empty(v: Value) -> Value {
    let empty = |v: &Value| match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    };
    match v {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, without_empty(v)))
                .filter(|(k, v)| !empty(v) || REQUIRED_EVEN_EMPTY.contains(&k.as_str()))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_empty).collect()),
        other => other,
    }
}

const BYDAY: [(Weekday, &str); 7] = [
    (Weekday::Mon, "MO"),
    (Weekday::Tue, "TU"),
    (Weekday::Wed, "WE"),
    (Weekday::Thu, "TH"),
    (Weekday::Fri, "FR"),
    (Weekday::Sat, "SA"),
    (Weekday::Sun, "SU"),
];

/// One weekly schedule per opening period, with every day that has it: `MO,TU,WE 09:00-17:00`.
fn schedules(site: &Site, s: &Service, h: &OpeningHours, note: Option<String>) -> Vec<Value> {
    let mut periods: Vec<((String, String), Vec<&str>)> = Vec::new();
    for (day, ranges) in &h.days {
        let code = BYDAY.iter().find(|(d, _)| d == day).map_or("", |(_, c)| *c);
        for r in ranges {
            let key = (r.start.to_string(), r.end.to_string());
            match periods.iter_mut().find(|(k, _)| *k == key) {
                Some((_, days)) => days.push(code),
                None => periods.push((key, vec![code])),
            }
        }
    }
    let mut out: Vec<Value> = periods
        .into_iter()
        .map(|((opens, closes), days)| {
            let byday = days.join(",");
            json!({
                "id": uuid(site, "schedule", &format!("{}/{byday}/{opens}", s.id)),
                "service_id": uuid(site, "service", s.id.as_str()),
                "freq": "WEEKLY",
                "byday": byday,
                "opens_at": opens,
                "closes_at": closes,
                "description": note,
                "attending_type": if h.by_appointment_only { "appointment" } else { "in person" },
            })
        })
        .collect();
    if out.is_empty() && (h.by_appointment_only || note.is_some()) {
        out.push(json!({
            "id": uuid(site, "schedule", s.id.as_str()),
            "service_id": uuid(site, "service", s.id.as_str()),
            "description": note,
            "attending_type": if h.by_appointment_only { "appointment" } else { "in person" },
        }));
    }
    out
}

fn service(site: &Site, lang: &LangInfo, s: &Service) -> Value {
    let res = Resolver::new(site, lang);
    let id = uuid(site, "service", s.id.as_str());
    let name = res.text(&s.name).text;
    let description = res.text(&s.description).text;
    let url = format!(
        "{}/{}",
        site.config.base_url,
        super::urls::service(&lang.code, &s.id)
    );
    let phones: Vec<Value> = s
        .phones
        .iter()
        .enumerate()
        .map(|(i, p)| {
            json!({
                "id": uuid(site, "phone", &format!("{}/{i}", s.id)),
                "service_id": id,
                "number": p.phone.e164(),
                "type": "voice",
                "description": p.label.as_ref().map(|l| res.text(l).text),
            })
        })
        .collect();
    let contacts: Vec<Value> = site
        .contacts_of(&s.id)
        .map(|c| {
            let cid = uuid(site, "contact", c.id.as_str());
            json!({
                "id": cid,
                "service_id": id,
                "name": c.name,
                "title": res.text(&c.role).text,
                "email": c.email.as_ref().map(|e| e.to_string()),
                "phones": c.phone.as_ref().map(|p| vec![json!({
                    "id": uuid(site, "phone", &format!("contact/{}", c.id)),
                    "contact_id": cid,
                    "number": p.e164(),
                    "type": "voice",
                })]).unwrap_or_default(),
                "languages": c.languages.iter().map(|l| json!({
                    "id": uuid(site, "language", &format!("contact/{}/{l}", c.id)),
                    "name": crate::model::endonym(l).unwrap_or(l.as_str()),
                    "code": l.as_str(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let location = (s.address.is_some() || s.location.is_some()).then(|| {
        let lid = uuid(site, "location", s.id.as_str());
        json!({
            "id": uuid(site, "service_at_location", s.id.as_str()),
            "service_id": id,
            "location": {
                "id": lid,
                "location_type": "physical",
                "name": name,
                "latitude": s.location.map(|l| l.lat),
                "longitude": s.location.map(|l| l.lon),
                "addresses": s.address.as_ref().map(|a| vec![json!({
                    "id": uuid(site, "address", s.id.as_str()),
                    "location_id": lid,
                    "address_1": a.street,
                    "city": a.city,
                    "state_province": "",
                    "postal_code": a.postcode,
                    "country": "NL",
                    "address_type": "physical",
                })]).unwrap_or_default(),
            },
        })
    });
    let category = site.category(&s.category);
    json!({
        "id": id,
        "name": name,
        "description": description,
        "url": url,
        "email": s.email.as_ref().map(|e| e.to_string()),
        "status": "active",
        "organization": {
            "id": uuid(site, "organization", s.id.as_str()),
            "name": name,
            "description": description,
            "website": s.website.as_ref().map(|w| w.as_str().to_owned()),
            "email": s.email.as_ref().map(|e| e.to_string()),
        },
        "phones": phones,
        "schedules": schedules(site, s, &s.hours, s.hours_note.as_ref().map(|n| res.text(n).text)),
        "service_at_locations": location.into_iter().collect::<Vec<_>>(),
        "contacts": contacts,
        "languages": s.languages.iter().map(|l| json!({
            "id": uuid(site, "language", &format!("service/{}/{l}", s.id)),
            "service_id": id,
            "name": crate::model::endonym(l).unwrap_or(l.as_str()),
            "code": l.as_str(),
        })).collect::<Vec<_>>(),
        "attributes": category.map(|c| vec![json!({
            "id": uuid(site, "attribute", &format!("{}/{}", s.id, c.id)),
            "link_id": id,
            "link_type": "service",
            "taxonomy_term": {
                "id": uuid(site, "taxonomy_term", c.id.as_str()),
                "code": c.id.as_str(),
                "name": res.text(&c.name).text,
                "description": res.text(&c.name).text,
                "taxonomy": "wegwijs categories",
            },
        })]).unwrap_or_default(),
    })
}
