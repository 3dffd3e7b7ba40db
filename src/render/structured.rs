//! Machine-read files: schema.org JSON-LD and the sitemap. No Fluent output goes in here:
//! its invisible isolation marks would end up in the data.

use serde_json::{Value, json};

use crate::model::{Service, Site};

/// A service as a schema.org Organization with its contact points and opening hours, with
/// `<` escaped so that the JSON cannot close the script element it sits in.
pub fn service_jsonld(
    site: &Site,
    service: &Service,
    lang: &crate::model::Lang,
    url: &str,
) -> String {
    let text = |t: &crate::model::Translated<String>| t.get(lang).value.clone();
    let mut org = json!({
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": format!("{url}#organization"),
        "name": text(&service.name),
        "description": text(&service.description),
        "url": url,
    });
    let o = org.as_object_mut().expect("built as an object");
    if let Some(a) = &service.address {
        o.insert(
            "address".into(),
            json!({
                "@type": "PostalAddress",
                "streetAddress": a.street,
                "postalCode": a.postcode,
                "addressLocality": a.city,
            }),
        );
    }
    if let Some(g) = service.location {
        o.insert(
            "geo".into(),
            json!({"@type": "GeoCoordinates", "latitude": g.lat, "longitude": g.lon}),
        );
    }
    if let Some(p) = service.phones.first() {
        o.insert("telephone".into(), p.phone.e164().into());
    }
    if let Some(e) = &service.email {
        o.insert("email".into(), e.as_str().into());
    }
    if let Some(w) = &service.website {
        o.insert("sameAs".into(), w.as_str().into());
    }
    if !service.languages.is_empty() {
        o.insert(
            "knowsLanguage".into(),
            service
                .languages
                .iter()
                .map(|l| l.as_str())
                .collect::<Vec<_>>()
                .into(),
        );
    }
    let hours: Vec<Value> = service
        .hours
        .days
        .iter()
        .flat_map(|(day, ranges)| {
            ranges.iter().map(move |r| {
                json!({
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": format!("https://schema.org/{}", day.schema_org()),
                    "opens": r.start.to_string(),
                    "closes": r.end.to_string(),
                })
            })
        })
        .collect();
    if !hours.is_empty() {
        o.insert("openingHoursSpecification".into(), hours.into());
    }
    let points: Vec<Value> = site
        .contacts_of(&service.id)
        .map(|c| {
            let mut p = json!({
                "@type": "ContactPoint",
                "name": c.name,
                "contactType": c.role.get(lang).value,
            });
            let po = p.as_object_mut().expect("built as an object");
            if let Some(ph) = &c.phone {
                po.insert("telephone".into(), ph.e164().into());
            }
            if let Some(e) = &c.email {
                po.insert("email".into(), e.as_str().into());
            }
            if !c.languages.is_empty() {
                po.insert(
                    "availableLanguage".into(),
                    c.languages
                        .iter()
                        .map(|l| l.as_str())
                        .collect::<Vec<_>>()
                        .into(),
                );
            }
            p
        })
        .collect();
    if !points.is_empty() {
        o.insert("contactPoint".into(), points.into());
    }
    script_safe(&org)
}

fn script_safe(v: &Value) -> String {
    v.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// `sitemap.xml` with an `xhtml:link` alternate for every language of every page.
/// `pages` holds, per page, the (language, absolute URL) of each of its versions.
pub fn sitemap(pages: &[Vec<(String, String)>]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for versions in pages {
        for (_, url) in versions {
            out.push_str(&format!("<url><loc>{}</loc>", xml_escape(url)));
            for (lang, alt) in versions {
                out.push_str(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{}\"/>",
                    xml_escape(alt)
                ));
            }
            out.push_str("</url>\n");
        }
    }
    out.push_str("</urlset>\n");
    out
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_cannot_close_its_script() {
        assert_eq!(
            script_safe(&json!({"a": "</script>&"})),
            r#"{"a":"\u003c/script\u003e\u0026"}"#
        );
    }

    #[test]
    fn sitemap_lists_alternates() {
        let s = sitemap(&[vec![
            ("nl".into(), "https://x/nl/".into()),
            ("ar".into(), "https://x/ar/".into()),
        ]]);
        assert_eq!(s.matches("<url>").count(), 2);
        assert_eq!(s.matches("hreflang=\"ar\"").count(), 2);
    }
}
