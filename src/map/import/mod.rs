//! `wegwijs map import`: an OpenStreetMap extract made into the site's pocket-map file. What a
//! pocket map needs is kept — roads by class, railways, water, green, the names of places and a
//! few landmarks — clipped to the area of the services plus a margin and simplified to print
//! resolution, and written as one compact GeoJSON file in the format of `map/*.geojson`.
//!
//! Three forms of extract are read: `.osm.pbf` (Geofabrik, BBBike), `.osm` XML (the "Export"
//! of openstreetmap.org) and GeoJSON with the OSM tags as properties (overpass turbo). The
//! import reads the extract in passes (relations, then ways, then nodes), keeping only what
//! the map draws.

mod classify;
mod coast;
mod osm;
mod shapes;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::model::GeoPoint;
pub use classify::What;
use classify::classify;
use osm::{Element, Format, MemberKind, Want};
use shapes::{Frame, Shape};

/// The file `import` writes, in the site's `map/` folder.
pub const BASEMAP_FILE: &str = "map/basemap.geojson";

/// The attribution the OpenStreetMap licence (ODbL) requires wherever the map is shown.
pub const ATTRIBUTION: &str = "© OpenStreetMap contributors";

/// An area on the earth: west, south, east, north in degrees.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bbox {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl Bbox {
    /// Reads `W,S,E,N` in degrees.
    pub fn parse(text: &str) -> Result<Bbox, String> {
        let parts: Vec<f64> = text
            .split(',')
            .map(|p| p.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .map_err(|_| format!("`{text}` is not four numbers W,S,E,N"))?;
        let [west, south, east, north] = parts[..] else {
            return Err(format!("`{text}` is not four numbers W,S,E,N"));
        };
        let b = Bbox {
            west,
            south,
            east,
            north,
        };
        let ok = (-180.0..=180.0).contains(&west)
            && (-180.0..=180.0).contains(&east)
            && (-85.0..=85.0).contains(&south)
            && (-85.0..=85.0).contains(&north)
            && west < east
            && south < north;
        if !ok {
            return Err(format!(
                "`{text}` is not an area: write west,south,east,north in degrees, west < east and south < north, like 5.60,52.33,5.64,52.36"
            ));
        }
        Ok(b)
    }

    /// The smallest area holding `places`, grown by `margin` metres on every side.
    pub fn around(places: &[GeoPoint], margin: f64) -> Option<Bbox> {
        let first = places.first()?;
        let mut b = Bbox {
            west: first.lon,
            south: first.lat,
            east: first.lon,
            north: first.lat,
        };
        for p in places {
            b.west = b.west.min(p.lon);
            b.east = b.east.max(p.lon);
            b.south = b.south.min(p.lat);
            b.north = b.north.max(p.lat);
        }
        let dlat = margin / shapes::METRES_PER_DEGREE;
        let dlon = dlat / ((b.south + b.north) / 2.0).to_radians().cos();
        Some(Bbox {
            west: b.west - dlon,
            south: b.south - dlat,
            east: b.east + dlon,
            north: b.north + dlat,
        })
    }

    pub fn contains(&self, p: GeoPoint) -> bool {
        (self.west..=self.east).contains(&p.lon) && (self.south..=self.north).contains(&p.lat)
    }
}

/// What `import` made.
#[derive(Debug)]
pub struct Imported {
    /// The map file's text.
    pub geojson: String,
    /// The area drawn: the one asked for, less where the extract ends before it.
    pub bbox: Bbox,
    /// Features written, by what they show.
    pub counts: Vec<(What, usize)>,
}

/// The form of an extract, from its file name.
fn format_of(path: &Path) -> Result<Input, String> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if name.ends_with(".pbf") {
        Ok(Input::Osm(Format::Pbf))
    } else if name.ends_with(".osm") || name.ends_with(".xml") {
        Ok(Input::Osm(Format::Xml))
    } else if name.ends_with(".geojson") || name.ends_with(".json") {
        Ok(Input::GeoJson)
    } else {
        Err(format!(
            "`{name}` is not an extract wegwijs reads: use a .osm.pbf file (Geofabrik, BBBike), a .osm file (openstreetmap.org's Export) or a .geojson file (overpass turbo's export)"
        ))
    }
}

enum Input {
    Osm(Format),
    GeoJson,
}

/// Reads the extract at `path` and makes the map of `bbox` from it.
pub fn import(path: &Path, bbox: Bbox) -> Result<Imported, String> {
    let mut frame = Frame::new(bbox);
    let features = match format_of(path)? {
        Input::Osm(format) => from_osm(path, format, &mut frame)?,
        Input::GeoJson => from_geojson(path, &mut frame)?,
    };
    let mut counts: HashMap<What, usize> = HashMap::new();
    for (what, _, _) in &features {
        *counts.entry(*what).or_default() += 1;
    }
    let mut counts: Vec<(What, usize)> = counts.into_iter().collect();
    counts.sort();
    Ok(Imported {
        geojson: shapes::to_geojson(&features, &frame),
        bbox: frame.bbox,
        counts,
    })
}

/// A multipolygon relation of the extract: what it shows, its name, its member ways with
/// their roles (`outer`, `inner`).
type Multipolygon = (What, Option<String>, Vec<(i64, String)>);

/// A feature of the map: what it is, its name, its shape in the frame's metres.
type MapFeature = (What, Option<String>, Shape);

fn name_of(tags: &[(String, String)]) -> Option<String> {
    tags.iter()
        .find(|(k, _)| k == "name")
        .map(|(_, v)| v.clone())
}

fn from_osm(path: &Path, format: Format, frame: &mut Frame) -> Result<Vec<MapFeature>, String> {
    // Pass 1: multipolygons of water and green, and the ways they are made of.
    let mut areas: Vec<Multipolygon> = Vec::new();
    let mut member_ways: HashSet<i64> = HashSet::new();
    let relations = Want {
        relations: true,
        ..Want::default()
    };
    osm::read(path, format, relations, &mut |e| {
        if let Element::Relation { members, tags, .. } = e {
            let multipolygon = tags.iter().any(|(k, v)| k == "type" && v == "multipolygon");
            if let Some(what @ (What::Water | What::Green)) = classify(&tags)
                && multipolygon
            {
                let ways: Vec<(i64, String)> = members
                    .into_iter()
                    .filter(|m| m.kind == MemberKind::Way)
                    .map(|m| (m.id, m.role))
                    .collect();
                member_ways.extend(ways.iter().map(|(id, _)| *id));
                areas.push((what, name_of(&tags), ways));
            }
        }
    })?;

    // Pass 2: the ways the map draws and the member ways, and the nodes they need.
    let mut ways: Vec<(What, Option<String>, Vec<i64>)> = Vec::new();
    let mut members: HashMap<i64, Vec<i64>> = HashMap::new();
    let mut needed: HashSet<i64> = HashSet::new();
    let way_pass = Want {
        ways: true,
        ..Want::default()
    };
    let mut coastline: Vec<Vec<i64>> = Vec::new();
    osm::read(path, format, way_pass, &mut |e| {
        if let Element::Way { id, refs, tags } = e {
            if is_coastline(&tags) {
                needed.extend(refs.iter().copied());
                coastline.push(refs);
                return;
            }
            let what = classify(&tags);
            if what.is_none() && !member_ways.contains(&id) {
                return;
            }
            needed.extend(refs.iter().copied());
            if member_ways.contains(&id) {
                members.insert(id, refs.clone());
            }
            if let Some(what) = what {
                ways.push((what, name_of(&tags), refs));
            }
        }
    })?;

    // Pass 3: the coordinates of those nodes, and the places and landmarks.
    let mut at: HashMap<i64, (f64, f64)> = HashMap::with_capacity(needed.len());
    let mut features: Vec<MapFeature> = Vec::new();
    let node_pass = Want {
        nodes: true,
        ..Want::default()
    };
    let mut extent = Extent::default();
    osm::read(path, format, node_pass, &mut |e| {
        if let Element::Node { id, lat, lon, tags } = e {
            extent.add(lon, lat);
            if needed.contains(&id) {
                at.insert(id, frame.project(GeoPoint { lat, lon }));
            }
            if let Some(what @ (What::Place | What::Landmark)) = classify(&tags)
                && let Some(name) = name_of(&tags)
            {
                let p = frame.project(GeoPoint { lat, lon });
                if frame.inside(p) {
                    features.push((what, Some(name), Shape::Point(p)));
                }
            }
        }
    })?;

    // An extract cut out of a larger one ends somewhere: the map ends there too, rather
    // than showing empty land past it.
    extent.narrow(frame)?;
    let frame = &*frame;
    for (what, name, refs) in ways {
        let shape = match what {
            What::Water | What::Green if refs.first() == refs.last() && refs.len() > 3 => {
                shapes::area(
                    &[ring(&refs, &at)].into_iter().flatten().collect::<Vec<_>>(),
                    &[],
                )
            }
            What::Water | What::Green => continue,
            // A station or town hall drawn as a building: its name at its middle.
            What::Place | What::Landmark => {
                let Some(p) = middle(refs.iter().filter_map(|id| at.get(id).copied())) else {
                    continue;
                };
                Shape::Point(p)
            }
            _ => shapes::lines(&runs(&refs, &at)),
        };
        if let Some(shape) = frame.clip(shape, what) {
            features.push((what, name, shape));
        }
    }
    for (what, name, parts) in areas {
        let rings_of = |role: &str| -> Vec<Vec<(f64, f64)>> {
            let ways: Vec<&Vec<i64>> = parts
                .iter()
                .filter(|(_, r)| (r == "inner") == (role == "inner"))
                .filter_map(|(id, _)| members.get(id))
                .collect();
            shapes::stitch(&ways)
                .iter()
                .filter_map(|r| ring(r, &at))
                .collect()
        };
        let shape = shapes::area(&rings_of("outer"), &rings_of("inner"));
        if let Some(shape) = frame.clip(shape, what) {
            features.push((what, name, shape));
        }
    }
    let coast: Vec<Vec<(f64, f64)>> = coastline.iter().flat_map(|refs| runs(refs, &at)).collect();
    features.extend(sea(frame, coast));
    Ok(features)
}

/// OpenStreetMap draws the sea's edge, not the sea: land on the left of these ways.
fn is_coastline(tags: &[(String, String)]) -> bool {
    tags.iter().any(|(k, v)| k == "natural" && v == "coastline")
}

/// The sea as a water area, from the coastline's lines in the frame's metres.
fn sea(frame: &Frame, coast: Vec<Vec<(f64, f64)>>) -> Option<MapFeature> {
    let water = coast::sea(coast, frame.rect(), frame.epsilon())?;
    let shape = frame.clip(Shape::Area(water), What::Water)?;
    Some((What::Water, None, shape))
}

/// The area that `points` (longitude, latitude) cover.
#[derive(Default)]
struct Extent(Option<Bbox>);

impl Extent {
    fn add(&mut self, lon: f64, lat: f64) {
        let b = self.0.get_or_insert(Bbox {
            west: lon,
            south: lat,
            east: lon,
            north: lat,
        });
        b.west = b.west.min(lon);
        b.east = b.east.max(lon);
        b.south = b.south.min(lat);
        b.north = b.north.max(lat);
    }

    /// Narrows `frame` to the extent; an error when the extract has nothing of its area.
    fn narrow(&self, frame: &mut Frame) -> Result<(), String> {
        let Some(e) = self.0 else {
            return Err("the extract has no places (nodes) at all".into());
        };
        if frame.narrow(e) {
            Ok(())
        } else {
            let a = frame.bbox;
            Err(format!(
                "the extract covers {:.5},{:.5},{:.5},{:.5} (W,S,E,N), which is not the map's area {:.5},{:.5},{:.5},{:.5}: download an extract of the town",
                e.west, e.south, e.east, e.north, a.west, a.south, a.east, a.north
            ))
        }
    }
}

/// The mean of `points`, where a label for an area goes.
fn middle(points: impl Iterator<Item = (f64, f64)>) -> Option<(f64, f64)> {
    let (mut n, mut x, mut y) = (0.0, 0.0, 0.0);
    for p in points {
        n += 1.0;
        x += p.0;
        y += p.1;
    }
    (n > 0.0).then(|| (x / n, y / n))
}

/// The coordinates of a closed ring; `None` when a node is not in the extract.
fn ring(refs: &[i64], at: &HashMap<i64, (f64, f64)>) -> Option<Vec<(f64, f64)>> {
    refs.iter().map(|id| at.get(id).copied()).collect()
}

/// The stretches of a line whose nodes are in the extract (an extract cut at its edge leaves
/// ways with nodes missing).
fn runs(refs: &[i64], at: &HashMap<i64, (f64, f64)>) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for id in refs {
        match at.get(id) {
            Some(p) => out.last_mut().expect("one at least").push(*p),
            None if out.last().is_some_and(|l| !l.is_empty()) => out.push(Vec::new()),
            None => {}
        }
    }
    out.retain(|l| l.len() > 1);
    out
}

fn from_geojson(path: &Path, frame: &mut Frame) -> Result<Vec<MapFeature>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let gj: geojson::GeoJson = text
        .parse()
        .map_err(|e| format!("not valid GeoJSON: {e}"))?;
    let geojson::GeoJson::FeatureCollection(fc) = gj else {
        return Err("expected a FeatureCollection, as overpass turbo exports".into());
    };
    let mut extent = Extent::default();
    for p in fc
        .features
        .iter()
        .filter_map(|f| f.geometry.as_ref())
        .filter(|g| super::bad_position(&g.value).is_none())
        .flat_map(|g| super::positions(&g.value))
    {
        extent.add(p[0], p[1]);
    }
    extent.narrow(frame)?;
    let frame = &*frame;
    let mut features = Vec::new();
    let mut coast: Vec<Vec<(f64, f64)>> = Vec::new();
    for f in fc.features {
        let tags: Vec<(String, String)> = f
            .properties
            .iter()
            .flatten()
            .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
            .collect();
        let Some(geometry) = f.geometry else { continue };
        if super::bad_position(&geometry.value).is_some() {
            continue;
        }
        let pt = |p: &geojson::Position| {
            frame.project(GeoPoint {
                lat: p[1],
                lon: p[0],
            })
        };
        let line = |l: &Vec<geojson::Position>| l.iter().map(pt).collect::<Vec<_>>();
        use geojson::GeometryValue as G;
        if is_coastline(&tags) {
            match &geometry.value {
                G::LineString { coordinates } => coast.push(line(coordinates)),
                G::MultiLineString { coordinates } => coast.extend(coordinates.iter().map(line)),
                _ => {}
            }
            continue;
        }
        let Some(what) = classify(&tags) else {
            continue;
        };
        let shape = match (&geometry.value, what) {
            (G::Point { coordinates }, What::Place | What::Landmark) => {
                Shape::Point(pt(coordinates))
            }
            (G::Point { .. }, _) => continue,
            (G::Polygon { coordinates }, What::Place | What::Landmark) => {
                let Some(p) = middle(coordinates.iter().take(1).flatten().map(pt)) else {
                    continue;
                };
                Shape::Point(p)
            }
            (_, What::Place | What::Landmark) => continue,
            (G::LineString { coordinates }, _) => shapes::lines(&[line(coordinates)]),
            (G::MultiLineString { coordinates }, _) => {
                shapes::lines(&coordinates.iter().map(line).collect::<Vec<_>>())
            }
            (G::Polygon { coordinates }, What::Water | What::Green) => {
                let rings: Vec<Vec<(f64, f64)>> = coordinates.iter().map(line).collect();
                shapes::area(&rings[..1], &rings[1..])
            }
            (G::MultiPolygon { coordinates }, What::Water | What::Green) => {
                let outer: Vec<Vec<(f64, f64)>> = coordinates
                    .iter()
                    .filter_map(|p| p.first())
                    .map(line)
                    .collect();
                let inner: Vec<Vec<(f64, f64)>> = coordinates
                    .iter()
                    .flat_map(|p| p.iter().skip(1))
                    .map(line)
                    .collect();
                shapes::area(&outer, &inner)
            }
            _ => continue,
        };
        let name = name_of(&tags);
        if let Shape::Point(p) = shape {
            if frame.inside(p) && name.is_some() {
                features.push((what, name, shape));
            }
            continue;
        }
        if let Some(shape) = frame.clip(shape, what) {
            features.push((what, name, shape));
        }
    }
    features.extend(sea(frame, coast));
    Ok(features)
}
