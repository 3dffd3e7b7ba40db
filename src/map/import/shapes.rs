//! Geometry of the import: a local frame in metres around the map's area, clipping to it
//! (geo's boolean operations), simplification to print resolution, rings stitched from the
//! ways of a multipolygon, and the map file written.

use std::collections::HashMap;

use geo::{
    Area, BooleanOps, Contains, LineString, MultiLineString, MultiPolygon, Polygon, Simplify,
};
use serde_json::{Value, json};

use super::{ATTRIBUTION, Bbox, MapFeature, What};
use crate::model::GeoPoint;

/// Metres per degree of latitude (and of longitude at the equator), near enough for a town.
pub const METRES_PER_DEGREE: f64 = 111_320.0;

/// A shape in the frame's metres.
#[derive(Debug, Clone)]
pub enum Shape {
    Point((f64, f64)),
    Lines(MultiLineString<f64>),
    Area(MultiPolygon<f64>),
}

/// The map's area as a flat frame in metres: x east and y north of its south-west corner.
pub struct Frame {
    /// The area asked for, whose south-west corner is the frame's origin.
    origin: Bbox,
    /// The area drawn: the one asked for, or less where the extract ends.
    pub bbox: Bbox,
    /// Metres per degree of longitude at the area's middle latitude.
    kx: f64,
    window: Polygon<f64>,
    /// The area drawn in the frame's metres: min x, min y, max x, max y.
    rect: (f64, f64, f64, f64),
    /// Below this many metres a bend is not seen on paper.
    epsilon: f64,
}

impl Frame {
    pub fn new(bbox: Bbox) -> Frame {
        let kx = METRES_PER_DEGREE * ((bbox.south + bbox.north) / 2.0).to_radians().cos();
        let (w, h) = (
            (bbox.east - bbox.west) * kx,
            (bbox.north - bbox.south) * METRES_PER_DEGREE,
        );
        let window =
            geo::Rect::new(geo::coord! { x: 0.0, y: 0.0 }, geo::coord! { x: w, y: h }).to_polygon();
        Frame {
            origin: bbox,
            bbox,
            kx,
            window,
            rect: (0.0, 0.0, w, h),
            // The map is drawn about 110 mm across on the card: 0.1 mm on paper.
            epsilon: w.max(h) / 1100.0,
        }
    }

    /// Draws no more than `extent`, the area the extract has data for; `false` when the
    /// two do not meet.
    pub fn narrow(&mut self, extent: Bbox) -> bool {
        let b = Bbox {
            west: self.bbox.west.max(extent.west),
            south: self.bbox.south.max(extent.south),
            east: self.bbox.east.min(extent.east),
            north: self.bbox.north.min(extent.north),
        };
        if b.west >= b.east || b.south >= b.north {
            return false;
        }
        let (x0, y0) = self.project(GeoPoint {
            lat: b.south,
            lon: b.west,
        });
        let (x1, y1) = self.project(GeoPoint {
            lat: b.north,
            lon: b.east,
        });
        self.window =
            geo::Rect::new(geo::coord! { x: x0, y: y0 }, geo::coord! { x: x1, y: y1 }).to_polygon();
        self.rect = (x0, y0, x1, y1);
        self.bbox = b;
        true
    }

    /// The area drawn in the frame's metres: min x, min y, max x, max y.
    pub fn rect(&self) -> (f64, f64, f64, f64) {
        self.rect
    }

    /// Below this many metres a bend is not seen on paper.
    pub fn epsilon(&self) -> f64 {
        self.epsilon
    }

    pub fn project(&self, p: GeoPoint) -> (f64, f64) {
        (
            (p.lon - self.origin.west) * self.kx,
            (p.lat - self.origin.south) * METRES_PER_DEGREE,
        )
    }

    fn unproject(&self, (x, y): (f64, f64)) -> [f64; 2] {
        let round = |v: f64| (v * 1e6).round() / 1e6;
        [
            round(self.origin.west + x / self.kx),
            round(self.origin.south + y / METRES_PER_DEGREE),
        ]
    }

    pub fn inside(&self, p: (f64, f64)) -> bool {
        self.window.contains(&geo::Point::new(p.0, p.1))
    }

    /// `shape` cut to the frame and simplified; `None` when nothing of it is left to see.
    pub fn clip(&self, shape: Shape, what: What) -> Option<Shape> {
        match shape {
            Shape::Point(p) => self.inside(p).then_some(Shape::Point(p)),
            Shape::Lines(lines) if !what.is_area() => {
                let cut = self.window.clip(&lines, false).simplify(self.epsilon);
                let kept: Vec<LineString<f64>> =
                    cut.0.into_iter().filter(|l| l.0.len() > 1).collect();
                (!kept.is_empty()).then(|| Shape::Lines(MultiLineString::new(kept)))
            }
            Shape::Area(area) if what.is_area() => {
                let cut = area.intersection(&self.window).simplify(self.epsilon);
                let smallest = (3.0 * self.epsilon).powi(2);
                let kept: Vec<Polygon<f64>> = cut
                    .0
                    .into_iter()
                    .filter(|p| p.unsigned_area() >= smallest)
                    .collect();
                (!kept.is_empty()).then(|| Shape::Area(MultiPolygon::new(kept)))
            }
            _ => None,
        }
    }
}

/// Lines from lists of points.
pub fn lines(parts: &[Vec<(f64, f64)>]) -> Shape {
    Shape::Lines(MultiLineString::new(
        parts
            .iter()
            .filter(|l| l.len() > 1)
            .map(|l| LineString::from(l.clone()))
            .collect(),
    ))
}

/// An area from its outer rings, each inner ring a hole in the outer ring that holds it.
pub fn area(outer: &[Vec<(f64, f64)>], inner: &[Vec<(f64, f64)>]) -> Shape {
    let mut polygons: Vec<Polygon<f64>> = outer
        .iter()
        .filter(|r| r.len() > 3)
        .map(|r| Polygon::new(LineString::from(r.clone()), vec![]))
        .collect();
    for hole in inner.iter().filter(|r| r.len() > 3) {
        let first = geo::Point::new(hole[0].0, hole[0].1);
        let holder = polygons
            .iter_mut()
            .find(|p| Polygon::new(p.exterior().clone(), vec![]).contains(&first));
        if let Some(p) = holder {
            p.interiors_push(LineString::from(hole.clone()));
        }
    }
    Shape::Area(MultiPolygon::new(polygons))
}

/// Closed rings of node ids from the ways of a multipolygon, joined end to end (reversed
/// where needed). Chains that do not close (cut off at the extract's edge) are left out.
pub fn stitch(ways: &[&Vec<i64>]) -> Vec<Vec<i64>> {
    let mut rings = Vec::new();
    let mut used = vec![false; ways.len()];
    let mut by_end: HashMap<i64, Vec<usize>> = HashMap::new();
    for (i, w) in ways.iter().enumerate() {
        if let (Some(a), Some(b)) = (w.first(), w.last()) {
            by_end.entry(*a).or_default().push(i);
            by_end.entry(*b).or_default().push(i);
        }
    }
    for start in 0..ways.len() {
        if used[start] || ways[start].len() < 2 {
            continue;
        }
        used[start] = true;
        let mut ring: Vec<i64> = ways[start].clone();
        while ring.first() != ring.last() {
            let end = *ring.last().expect("not empty");
            let next = by_end
                .get(&end)
                .into_iter()
                .flatten()
                .copied()
                .find(|i| !used[*i]);
            let Some(next) = next else { break };
            used[next] = true;
            let w = ways[next];
            if w.first() == Some(&end) {
                ring.extend(w.iter().skip(1));
            } else {
                ring.extend(w.iter().rev().skip(1));
            }
        }
        if ring.len() > 3 && ring.first() == ring.last() {
            rings.push(ring);
        }
    }
    rings
}

/// The map file: a FeatureCollection with `kind`, `class` and `name` per feature, the
/// attribution and the area it covers.
pub fn to_geojson(features: &[MapFeature], frame: &Frame) -> String {
    let line = |l: &LineString<f64>| -> Vec<[f64; 2]> {
        l.0.iter().map(|c| frame.unproject((c.x, c.y))).collect()
    };
    // Areas first, then lines, then labels: the order they are drawn in.
    let mut sorted: Vec<&MapFeature> = features.iter().collect();
    sorted.sort_by_key(|(what, _, _)| *what as u8 + if what.is_area() { 0 } else { 10 });
    let out: Vec<Value> = sorted
        .iter()
        .map(|(what, name, shape)| {
            let geometry = match shape {
                Shape::Point(p) => json!({"type": "Point", "coordinates": frame.unproject(*p)}),
                Shape::Lines(ls) if ls.0.len() == 1 => {
                    json!({"type": "LineString", "coordinates": line(&ls.0[0])})
                }
                Shape::Lines(ls) => json!({
                    "type": "MultiLineString",
                    "coordinates": ls.0.iter().map(line).collect::<Vec<_>>(),
                }),
                Shape::Area(mp) => json!({
                    "type": "MultiPolygon",
                    "coordinates": mp.0.iter().map(|p| {
                        std::iter::once(p.exterior()).chain(p.interiors()).map(line).collect::<Vec<_>>()
                    }).collect::<Vec<_>>(),
                }),
            };
            let (kind, class) = what.kind_and_class();
            let mut properties = json!({"kind": kind});
            if let Some(class) = class {
                properties["class"] = json!(class);
            }
            if let Some(name) = name {
                properties["name"] = json!(name);
            }
            json!({"type": "Feature", "properties": properties, "geometry": geometry})
        })
        .collect();
    let b = frame.bbox;
    let mut text = format!(
        "{{\"type\":\"FeatureCollection\",\"attribution\":{},\"bbox\":{},\"features\":[\n",
        json!(ATTRIBUTION),
        json!([b.west, b.south, b.east, b.north])
    );
    // One feature per line: small, and a diff shows what an import changed.
    let n = out.len();
    for (i, f) in out.iter().enumerate() {
        text.push_str(&f.to_string());
        text.push_str(if i + 1 < n { ",\n" } else { "\n" });
    }
    text.push_str("]}\n");
    text
}
