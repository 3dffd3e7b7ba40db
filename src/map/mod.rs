//! The town map: a GeoJSON basemap and the services' locations, projected (Web Mercator) into
//! a rectangle and drawn as SVG, for the back of the pocket card and the site's map page.

mod draw;
pub mod import;
mod labels;

use geojson::{GeoJson, GeometryValue};

pub use draw::{Drawing, Marker, Medium, Style};

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
pub(crate) enum Shape {
    Lines(Vec<Vec<GeoPoint>>),
    Polygons(Vec<Vec<Vec<GeoPoint>>>),
    Point(GeoPoint),
}

#[derive(Clone, Debug)]
pub struct Feature {
    pub(crate) kind: Kind,
    /// `major` for main roads (drawn wider); `place` or `landmark` for labels.
    pub(crate) class: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) shape: Shape,
}

impl Feature {
    pub(crate) fn is_major(&self) -> bool {
        self.class.as_deref() == Some("major")
    }
}

/// The drawable features of a site's `map/*.geojson` files.
#[derive(Clone, Debug, Default)]
pub struct Basemap {
    pub(crate) features: Vec<Feature>,
    /// Whose data the map is (`© OpenStreetMap contributors`), written on every drawing.
    pub attribution: Option<String>,
    /// The area the data covers, when the file says (`map import` does): west, south, east,
    /// north. A drawing shows no more than this of the town.
    pub bbox: Option<[f64; 4]>,
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
                if let Some(&[w, s, e, n]) = fc.bbox.as_deref()
                    && w < e
                    && s < n
                    && (-180.0..=180.0).contains(&w)
                    && (-180.0..=180.0).contains(&e)
                    && (-90.0..=90.0).contains(&s)
                    && (-90.0..=90.0).contains(&n)
                {
                    self.bbox = Some(self.bbox.map_or([w, s, e, n], |b| {
                        [b[0].min(w), b[1].min(s), b[2].max(e), b[3].max(n)]
                    }));
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
                    let has = match other {
                        Some(kind) => format!("has kind `{kind}`"),
                        None => "has no `kind`".to_owned(),
                    };
                    return Err(format!(
                        "feature {} {has}; use \"street\", \"rail\", \"water\", \"green\" or \"label\"",
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

    /// Whether `p` is in the area the data covers (always, when it is not known).
    pub fn covers(&self, p: GeoPoint) -> bool {
        self.bbox
            .is_none_or(|[w, s, e, n]| (w..=e).contains(&p.lon) && (s..=n).contains(&p.lat))
    }

    pub(crate) fn points(&self) -> impl Iterator<Item = GeoPoint> + '_ {
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

/// Every position of `g`.
pub fn positions(g: &GeometryValue) -> Box<dyn Iterator<Item = &geojson::Position> + '_> {
    match g {
        GeometryValue::Point { coordinates } => Box::new(std::iter::once(coordinates)),
        GeometryValue::LineString { coordinates } | GeometryValue::MultiPoint { coordinates } => {
            Box::new(coordinates.iter())
        }
        GeometryValue::MultiLineString { coordinates } | GeometryValue::Polygon { coordinates } => {
            Box::new(coordinates.iter().flatten())
        }
        GeometryValue::MultiPolygon { coordinates } => {
            Box::new(coordinates.iter().flatten().flatten())
        }
        GeometryValue::GeometryCollection { geometries } => {
            Box::new(geometries.iter().flat_map(|g| positions(&g.value)))
        }
    }
}

/// The first position of `g` that is not a longitude and a latitude on the earth (fewer than
/// two numbers, or out of range), which nothing can draw.
pub fn bad_position(g: &GeometryValue) -> Option<&geojson::Position> {
    positions(g).find(|p| {
        p.len() < 2 || !(-180.0..=180.0).contains(&p[0]) || !(-90.0..=90.0).contains(&p[1])
    })
}

pub(crate) fn escape(s: &str) -> String {
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
       "geometry":{"type":"Point","coordinates":[5.61,52.31]}}],
      "bbox":[5.59,52.29,5.63,52.33]}"#;

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
    fn the_area_a_file_covers_is_read_from_its_bbox() {
        let mut base = Basemap::default();
        base.add_geojson(MAP).unwrap();
        assert_eq!(base.features.len(), 3);
        assert_eq!(base.bbox, Some([5.59, 52.29, 5.63, 52.33]));
        assert!(base.covers(GeoPoint {
            lat: 52.30,
            lon: 5.60
        }));
        assert!(!base.covers(GeoPoint {
            lat: 52.40,
            lon: 5.60
        }));
        assert!(Basemap::default().covers(GeoPoint { lat: 0.0, lon: 0.0 }));
    }

    #[test]
    fn unknown_kinds_are_refused() {
        let mut base = Basemap::default();
        let err = base
            .add_geojson(r#"{"type":"Feature","properties":{"kind":"road"},"geometry":null}"#)
            .unwrap_err();
        assert!(err.contains("has kind `road`"), "{err}");
    }
}
