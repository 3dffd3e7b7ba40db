//! `services/<id>.yaml`: a service, its location, phones and opening hours.

use crate::diagnostics::Diagnostic;
use crate::load::Doc;
use crate::load::raw::{RawHours, RawService, S};
use crate::model::*;

use super::{Cx, Declared, Shown};

impl Cx<'_> {
    pub(super) fn service(&mut self, doc: &Doc<RawService>, ids: &Declared) -> Option<Service> {
        let s = &doc.data;
        // Every field is checked before any is found missing: one run reports every problem.
        let id = self.id(doc, &s.id);
        let name = self.tr(doc, &s.name, Shown::AlsoOnCard);
        let description = self.tr(doc, &s.description, Shown::OnSite);
        let category = self.reference(doc, &s.category, "category", &ids.categories);
        let location = s.location.as_ref().and_then(|l| {
            let lat = self.degrees(doc, &l.lat, "latitude", 90.0, "lat: 52.37");
            let lon = self.degrees(doc, &l.lon, "longitude", 180.0, "lon: 4.89");
            let at = GeoPoint {
                lat: lat?,
                lon: lon?,
            };
            if !self.basemap.covers(at) {
                self.diags.push(
                    Diagnostic::warning(format!(
                        "the location {}, {} is outside the town map's area: the map grows to show its marker, but has no streets around it",
                        l.lat.value, l.lon.value
                    ))
                    .at(&doc.file, {
                        let (a, b) = (doc.span(&l.lat), doc.span(&l.lon));
                        a.start.min(b.start)..a.end.max(b.end)
                    })
                    .help("check the location (lat: north, lon: east, in degrees); if it is right, run `wegwijs map import` again so the map covers it"),
                );
            }
            Some(at)
        });
        let phones = s
            .phones
            .iter()
            .filter_map(|p| {
                let label = match &p.label {
                    Some(l) => Some(self.tr(doc, l, Shown::OnSite)?),
                    None => None,
                };
                Some(LabelledPhone {
                    phone: self.phone(doc, &p.number)?,
                    label,
                })
            })
            .collect();
        let reviewed = self.reviewed(doc, &s.reviewed);
        let default_hours = RawHours::default();
        let raw_hours = s.opening_hours.as_ref().unwrap_or(&default_hours);
        // `Some(None)`: a note was written, and is wrong.
        let hours_note = raw_hours
            .note
            .as_ref()
            .map(|n| self.tr(doc, n, Shown::OnSite));
        if let Some(None) = hours_note {
            return None;
        }
        let address = s.address.as_ref().map(|a| Address {
            street: self.shown(
                doc,
                doc.span(&a.street).start,
                &a.street.value,
                Shown::AlsoOnCard,
            ),
            postcode: self.shown(
                doc,
                doc.span(&a.postcode).start,
                &a.postcode.value,
                Shown::OnSite,
            ),
            city: self.shown(
                doc,
                doc.span(&a.city).start,
                &a.city.value,
                Shown::AlsoOnCard,
            ),
        });
        let email = s.email.as_ref().and_then(|e| self.email(doc, e));
        let website = s.website.as_ref().and_then(|w| {
            WebUrl::parse(&w.value)
                .map_err(|e| {
                    self.diags.push(
                        doc.error(w, e)
                            .help("write the full address, starting with https://"),
                    )
                })
                .ok()
        });
        let hours = self.hours(doc, raw_hours);
        let languages = s
            .languages
            .iter()
            .filter_map(|l| self.lang(doc, l))
            .collect();
        Some(Service {
            id: id?,
            file: doc.file.path.clone(),
            name: name?,
            category: category?,
            description: description?,
            address,
            location,
            phones,
            email,
            website,
            hours,
            hours_note: hours_note.flatten(),
            languages,
            reviewed,
        })
    }

    /// A latitude or longitude within ±`max` degrees.
    fn degrees<T>(
        &mut self,
        doc: &Doc<T>,
        value: &S<f64>,
        name: &str,
        max: f64,
        example: &str,
    ) -> Option<f64> {
        let v = value.value;
        if v.is_finite() && (-max..=max).contains(&v) {
            return Some(v);
        }
        self.diags.push(
            doc.error(value, format!("{v} is not a {name}: it must be between -{max} and {max}"))
                .help(format!(
                    "write decimal degrees, e.g. `{example}`; check that latitude and longitude are not swapped"
                )),
        );
        None
    }

    pub(super) fn hours<T>(&mut self, doc: &Doc<T>, h: &RawHours) -> OpeningHours {
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
                        .map_err(|e| self.diags.push(doc.error(r, e.to_string()).help(e.help())))
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
}
