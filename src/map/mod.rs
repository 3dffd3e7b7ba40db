//! The town map: a GeoJSON basemap and the services' locations, projected (Web Mercator) into
//! a rectangle and drawn as SVG, for the back of the pocket card and the site's map page.

pub mod import;

use std::fmt::Write;

use geojson::{GeoJson, GeometryValue};

use crate::model::GeoPoint;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Street,
    Rail,
    Water,
    Green,
    Label,
}

#[derive(Clone, Debug)]
enum Shape {
    Lines(Vec<Vec<GeoPoint>>),
    Polygons(Vec<Vec<Vec<GeoPoint>>>),
    Point(GeoPoint),
}

#[derive(Clone, Debug)]
pub struct Feature {
    kind: Kind,
    /// `major` for main roads (drawn wider); `place` or `landmark` for labels.
    class: Option<String>,
    name: Option<String>,
    shape: Shape,
}

/// The drawable features of a site's `map/*.geojson` files.
#[derive(Clone, Debug, Default)]
pub struct Basemap {
    features: Vec<Feature>,
    /// Whose data the map is (`© OpenStreetMap contributors`), written on every drawing.
    pub attribution: Option<String>,
}

impl Basemap {
    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }

    /// Reads one GeoJSON document. Features say what they are with a `kind` property
    /// (`street`, `rail`, `water`, `green` or `label`), may have a `class` and a `name`; the
    /// collection may carry an `attribution`.
    pub fn add_geojson(&mut self, text: &str) -> Result<(), String> {
        let gj: GeoJson = text
            .parse()
            .map_err(|e| format!("not valid GeoJSON: {e}"))?;
        let features = match gj {
            GeoJson::FeatureCollection(fc) => {
                let attribution = fc
                    .foreign_members
                    .as_ref()
                    .and_then(|m| m.get("attribution"))
                    .and_then(|a| a.as_str());
                if let Some(a) = attribution {
                    self.attribution = Some(a.to_owned());
                }
                fc.features
            }
            GeoJson::Feature(f) => vec![f],
            GeoJson::Geometry(_) => {
                return Err("a bare geometry has no `kind`: wrap it in a Feature".into());
            }
        };
        for (i, f) in features.into_iter().enumerate() {
            let props = f.properties.unwrap_or_default();
            let kind = match props.get("kind").and_then(|k| k.as_str()) {
                Some("street") => Kind::Street,
                Some("rail") => Kind::Rail,
                Some("water") => Kind::Water,
                Some("green") => Kind::Green,
                Some("label") => Kind::Label,
                other => {
                    return Err(format!(
                        "feature {} has kind {other:?}; use \"street\", \"rail\", \"water\", \"green\" or \"label\"",
                        i + 1
                    ));
                }
            };
            let text = |key: &str| props.get(key).and_then(|n| n.as_str()).map(str::to_owned);
            let (name, class) = (text("name"), text("class"));
            let Some(geometry) = f.geometry else { continue };
            if let Some(p) = bad_position(&geometry.value) {
                return Err(format!(
                    "feature {} has the position {:?}; write [longitude, latitude] in degrees",
                    i + 1,
                    p.as_slice()
                ));
            }
            let pt = |p: &geojson::Position| GeoPoint {
                lat: p[1],
                lon: p[0],
            };
            let line = |l: &Vec<geojson::Position>| l.iter().map(pt).collect::<Vec<_>>();
            let shape = match &geometry.value {
                GeometryValue::Point { coordinates } => Shape::Point(pt(coordinates)),
                GeometryValue::LineString { coordinates } => Shape::Lines(vec![line(coordinates)]),
                GeometryValue::MultiLineString { coordinates } => {
                    Shape::Lines(coordinates.iter().map(line).collect())
                }
                GeometryValue::Polygon { coordinates } => {
                    Shape::Polygons(vec![coordinates.iter().map(line).collect()])
                }
                GeometryValue::MultiPolygon { coordinates } => Shape::Polygons(
                    coordinates
                        .iter()
                        .map(|p| p.iter().map(line).collect())
                        .collect(),
                ),
                other => {
                    return Err(format!(
                        "feature {} is a {}; use Point, LineString or Polygon (or Multi…)",
                        i + 1,
                        other.type_name()
                    ));
                }
            };
            self.features.push(Feature {
                kind,
                class,
                name,
                shape,
            });
        }
        Ok(())
    }

    fn points(&self) -> impl Iterator<Item = GeoPoint> + '_ {
        self.features
            .iter()
            .flat_map(|f| -> Box<dyn Iterator<Item = GeoPoint> + '_> {
                match &f.shape {
                    Shape::Point(p) => Box::new(std::iter::once(*p)),
                    Shape::Lines(ls) => Box::new(ls.iter().flatten().copied()),
                    Shape::Polygons(ps) => Box::new(ps.iter().flatten().flatten().copied()),
                }
            })
    }
}

/// The first position of `g` that is not a longitude and a latitude on the earth (fewer than
/// two numbers, or out of range), which nothing can draw.
pub fn bad_position(g: &GeometryValue) -> Option<&geojson::Position> {
    let all: Box<dyn Iterator<Item = &geojson::Position>> =
        match g {
            GeometryValue::Point { coordinates } => Box::new(std::iter::once(coordinates)),
            GeometryValue::LineString { coordinates }
            | GeometryValue::MultiPoint { coordinates } => Box::new(coordinates.iter()),
            GeometryValue::MultiLineString { coordinates }
            | GeometryValue::Polygon { coordinates } => Box::new(coordinates.iter().flatten()),
            GeometryValue::MultiPolygon { coordinates } => {
                Box::new(coordinates.iter().flatten().flatten())
            }
            _ => Box::new(std::iter::empty()),
        };
    all.into_iter().find(|p| {
        p.len() < 2 || !(-180.0..=180.0).contains(&p[0]) || !(-90.0..=90.0).contains(&p[1])
    })
}

/// Web Mercator without scale: x grows east, y grows south, as in SVG.
fn mercator(p: GeoPoint) -> (f64, f64) {
    let x = p.lon.to_radians();
    let y = -((std::f64::consts::FRAC_PI_4 + p.lat.to_radians() / 2.0).tan()).ln();
    (x, y)
}

/// Where a drawing is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Medium {
    /// The site's map page: markers as links, the attribution in the drawing.
    Page,
    /// The back of the pocket card, whose template adds markers and attribution.
    Card,
}

/// A numbered place on the map.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Marker {
    pub number: usize,
    /// Position in the drawing, in its units, from the top-left corner.
    pub x: f64,
    pub y: f64,
}

/// The map fitted into a `width` × `height` rectangle.
pub struct Drawing<'a> {
    base: &'a Basemap,
    width: f64,
    height: f64,
    scale: f64,
    offset: (f64, f64),
    pub markers: Vec<Marker>,
}

impl<'a> Drawing<'a> {
    /// Fits the basemap and the `places` into the rectangle with a margin of `pad` on every
    /// side, keeping the proportions. Markers are numbered 1… in the order of `places`.
    pub fn new(base: &'a Basemap, places: &[GeoPoint], width: f64, height: f64, pad: f64) -> Self {
        let projected: Vec<(f64, f64)> = base
            .points()
            .chain(places.iter().copied())
            .map(mercator)
            .collect();
        let (mut min_x, mut min_y, mut max_x, mut max_y) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for (x, y) in &projected {
            min_x = min_x.min(*x);
            max_x = max_x.max(*x);
            min_y = min_y.min(*y);
            max_y = max_y.max(*y);
        }
        if projected.is_empty() {
            (min_x, min_y, max_x, max_y) = (0.0, 0.0, 1.0, 1.0);
        }
        // A single place (or places in a line) still needs an area around it.
        let span_x = (max_x - min_x).max(1e-6);
        let span_y = (max_y - min_y).max(1e-6);
        let scale = ((width - 2.0 * pad) / span_x).min((height - 2.0 * pad) / span_y);
        let offset = (
            (width - span_x * scale) / 2.0 - min_x * scale,
            (height - span_y * scale) / 2.0 - min_y * scale,
        );
        let mut drawing = Drawing {
            base,
            width,
            height,
            scale,
            offset,
            markers: Vec::new(),
        };
        drawing.markers = places
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let (x, y) = drawing.project(*p);
                Marker {
                    number: i + 1,
                    x,
                    y,
                }
            })
            .collect();
        drawing
    }

    fn project(&self, p: GeoPoint) -> (f64, f64) {
        let (x, y) = mercator(p);
        (
            x * self.scale + self.offset.0,
            y * self.scale + self.offset.1,
        )
    }

    fn path(&self, ring: &[GeoPoint], close: bool) -> String {
        let mut d = String::new();
        for (i, p) in ring.iter().enumerate() {
            let (x, y) = self.project(*p);
            let _ = write!(d, "{}{x:.2} {y:.2}", if i == 0 { "M" } else { "L" });
        }
        if close {
            d.push('Z');
        }
        d
    }

    /// The basemap as SVG for `medium`. On a page the numbered markers are drawn, each a link
    /// when `link` gives a URL for its number, and the attribution; the card's template places
    /// both itself, as text of its own fonts. Labels are drawn for both (in SVG with the
    /// viewer's fonts).
    pub fn svg(&self, medium: Medium, link: impl Fn(usize) -> Option<String>) -> String {
        let (markers, labels, attribution) = match medium {
            Medium::Page => (true, true, true),
            Medium::Card => (false, true, false),
        };
        let mut s = format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.2} {h:.2}" width="{w:.2}" height="{h:.2}"><rect width="100%" height="100%" fill="#f4f1ea"/>"##,
            w = self.width,
            h = self.height
        );
        // Line widths follow the drawing size, so a card panel and a web page look alike.
        let stroke = self.width / 250.0;
        for kind in [Kind::Green, Kind::Water, Kind::Rail, Kind::Street] {
            for f in self.base.features.iter().filter(|f| f.kind == kind) {
                match (&f.shape, kind) {
                    (Shape::Polygons(polys), _) => {
                        let fill = if kind == Kind::Water {
                            "#a9d3ec"
                        } else {
                            "#cfe5c1"
                        };
                        let d: String =
                            polys.iter().flatten().map(|r| self.path(r, true)).collect();
                        let _ = write!(s, r#"<path d="{d}" fill="{fill}" fill-rule="evenodd"/>"#);
                    }
                    (Shape::Lines(lines), Kind::Water) => {
                        let d: String = lines.iter().map(|l| self.path(l, false)).collect();
                        let _ = write!(
                            s,
                            r##"<path d="{d}" fill="none" stroke="#a9d3ec" stroke-width="{:.2}" stroke-linecap="round"/>"##,
                            stroke * 2.5
                        );
                    }
                    (Shape::Lines(lines), Kind::Rail) => {
                        let d: String = lines.iter().map(|l| self.path(l, false)).collect();
                        let _ = write!(
                            s,
                            r##"<path d="{d}" fill="none" stroke="#8c8c8c" stroke-width="{:.2}" stroke-dasharray="{:.2}"/>"##,
                            stroke * 0.8,
                            stroke * 3.0
                        );
                    }
                    (Shape::Lines(lines), _) => {
                        let d: String = lines.iter().map(|l| self.path(l, false)).collect();
                        // Main roads wider, with a yellow fill, as on the maps people know.
                        let major = f.class.as_deref() == Some("major");
                        let (k, fill) = if major {
                            (1.6, "#fbe7a1")
                        } else {
                            (1.0, "#ffffff")
                        };
                        let _ = write!(
                            s,
                            r##"<path d="{d}" fill="none" stroke="#9a9a9a" stroke-width="{w1:.2}" stroke-linecap="round" stroke-linejoin="round"/><path d="{d}" fill="none" stroke="{fill}" stroke-width="{w2:.2}" stroke-linecap="round" stroke-linejoin="round"/>"##,
                            w1 = stroke * 2.2 * k,
                            w2 = stroke * 1.5 * k
                        );
                    }
                    _ => {}
                }
            }
        }
        if labels {
            for f in &self.base.features {
                if let (Shape::Point(p), Some(name)) = (&f.shape, &f.name) {
                    let (x, y) = self.project(*p);
                    let _ = write!(
                        s,
                        r##"<text x="{x:.2}" y="{y:.2}" font-size="{:.2}" fill="#555" text-anchor="middle" font-family="sans-serif">{}</text>"##,
                        self.width.min(self.height) / 34.0,
                        escape(name)
                    );
                }
            }
        }
        if markers {
            // Markers stay big enough to see and tap on a phone, whatever the map's scale.
            let r = self.width / 45.0;
            for m in &self.markers {
                let circle = format!(
                    r##"<circle cx="{x:.2}" cy="{y:.2}" r="{r:.2}" fill="#0b5394" stroke="#fff" stroke-width="{sw:.2}"/><text x="{x:.2}" y="{ty:.2}" font-size="{fs:.2}" fill="#fff" text-anchor="middle" font-family="sans-serif" font-weight="bold">{n}</text>"##,
                    x = m.x,
                    y = m.y,
                    sw = r / 6.0,
                    ty = m.y + r * 0.38,
                    fs = r * 1.1,
                    n = m.number
                );
                match link(m.number) {
                    Some(url) => {
                        let _ = write!(s, r#"<a href="{}">{circle}</a>"#, escape(&url));
                    }
                    None => s.push_str(&circle),
                }
            }
        }
        if let Some(credit) = self.base.attribution.as_ref().filter(|_| attribution) {
            // The licence of the map's data asks for this wherever the map is shown.
            let fs = self.width.min(self.height) / 40.0;
            let _ = write!(
                s,
                r##"<text x="{x:.2}" y="{y:.2}" font-size="{fs:.2}" fill="#444" text-anchor="end" font-family="sans-serif" paint-order="stroke" stroke="#fff" stroke-width="{sw:.2}">{}</text>"##,
                escape(credit),
                x = self.width - fs * 0.5,
                y = self.height - fs * 0.5,
                sw = fs / 4.0
            );
        }
        s.push_str("</svg>");
        s
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAP: &str = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"kind":"street","name":"Kerkstraat"},
       "geometry":{"type":"LineString","coordinates":[[5.60,52.30],[5.62,52.32]]}},
      {"type":"Feature","properties":{"kind":"water"},
       "geometry":{"type":"Polygon","coordinates":[[[5.60,52.30],[5.61,52.30],[5.61,52.31],[5.60,52.30]]]}},
      {"type":"Feature","properties":{"kind":"label","name":"Centrum <oud>"},
       "geometry":{"type":"Point","coordinates":[5.61,52.31]}}]}"#;

    #[test]
    fn a_position_without_a_latitude_is_refused_not_a_crash() {
        // Found by the `geojson` fuzzer: `[5.6]` indexed past its end.
        let one = r#"{"type":"Feature","properties":{"kind":"street"},
            "geometry":{"type":"LineString","coordinates":[[5.6,52.3],[5.6]]}}"#;
        let e = Basemap::default().add_geojson(one).unwrap_err();
        assert!(e.contains("feature 1 has the position [5.6]"), "{e}");
        let far = r#"{"type":"Feature","properties":{"kind":"label","name":"x"},
            "geometry":{"type":"Point","coordinates":[500.0,52.3]}}"#;
        assert!(Basemap::default().add_geojson(far).is_err());
    }

    #[test]
    fn markers_land_inside_and_north_is_up() {
        let mut base = Basemap::default();
        base.add_geojson(MAP).unwrap();
        let south = GeoPoint {
            lat: 52.30,
            lon: 5.61,
        };
        let north = GeoPoint {
            lat: 52.32,
            lon: 5.61,
        };
        let d = Drawing::new(&base, &[south, north], 100.0, 80.0, 5.0);
        for m in &d.markers {
            assert!(
                (5.0..=95.0).contains(&m.x) && (5.0..=75.0).contains(&m.y),
                "{m:?}"
            );
        }
        assert!(
            d.markers[1].y < d.markers[0].y,
            "north is drawn above south"
        );
        let svg = d.svg(Medium::Page, |n| Some(format!("services/{n}/")));
        assert!(svg.contains("<path d=\"M"));
        assert!(svg.contains("Centrum &lt;oud&gt;"), "labels are escaped");
        assert!(svg.contains(r#"<a href="services/2/">"#));
    }

    #[test]
    fn places_without_a_basemap_keep_their_relative_positions() {
        let base = Basemap::default();
        let west = GeoPoint {
            lat: 52.3,
            lon: 5.60,
        };
        let east = GeoPoint {
            lat: 52.3,
            lon: 5.62,
        };
        let d = Drawing::new(&base, &[west, east], 100.0, 50.0, 10.0);
        assert!(d.markers[0].x < d.markers[1].x);
        assert!((d.markers[0].x - 10.0).abs() < 1e-6 && (d.markers[1].x - 90.0).abs() < 1e-6);
    }

    #[test]
    fn unknown_kinds_are_refused() {
        let mut base = Basemap::default();
        let err = base
            .add_geojson(r#"{"type":"Feature","properties":{"kind":"road"},"geometry":null}"#)
            .unwrap_err();
        assert!(err.contains("\"road\""), "{err}");
    }
}
