//! `wegwijs map import` on a real OpenStreetMap extract (central Helsinki, see
//! tests/data/osm/README.md), in the three forms staff can get: PBF as downloaded, and OSM XML
//! and overpass-style GeoJSON made from it here.

mod common;

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

fn extract() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/osm/helsinki.osm.pbf")
}

fn site(tmp: &Path) -> PathBuf {
    let site = tmp.join("site");
    copy_dir(&fixtures().join("helsinki"), &site);
    site
}

fn wegwijs(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wegwijs"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

fn import(extract: &Path, site: &Path, more: &[&str]) -> Output {
    let mut args = vec![
        "map",
        "import",
        extract.to_str().unwrap(),
        site.to_str().unwrap(),
    ];
    args.extend(more);
    wegwijs(&args)
}

fn basemap(site: &Path) -> serde_json::Value {
    serde_json::from_str(&fs::read_to_string(site.join("map/basemap.geojson")).unwrap()).unwrap()
}

/// How many features of `kind` (and `class`) the map has.
fn count(map: &serde_json::Value, kind: &str, class: Option<&str>) -> usize {
    map["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["properties"]["kind"] == kind && class.is_none_or(|c| f["properties"]["class"] == c)
        })
        .count()
}

/// Every coordinate of the map.
fn coordinates(v: &serde_json::Value, out: &mut Vec<(f64, f64)>) {
    match v {
        serde_json::Value::Array(a) if a.len() == 2 && a.iter().all(|x| x.is_f64()) => {
            out.push((a[0].as_f64().unwrap(), a[1].as_f64().unwrap()))
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| coordinates(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| coordinates(x, out)),
        _ => {}
    }
}

/// The extract as OSM XML and as overpass turbo's GeoJSON (tagged ways and nodes, with the
/// tags as properties), written from the PBF.
fn converted(dir: &Path) -> (PathBuf, PathBuf) {
    use osmpbf::{Element, ElementReader};
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('"', "&quot;")
    };
    let mut nodes = std::collections::HashMap::new();
    let (mut xml_nodes, mut xml_rest) = (String::new(), String::new());
    let mut features = Vec::new();
    let props = |tags: Vec<(&str, &str)>| -> serde_json::Map<String, serde_json::Value> {
        tags.into_iter()
            .map(|(k, v)| (k.to_owned(), serde_json::Value::from(v)))
            .collect()
    };
    let mut ways = Vec::new();
    ElementReader::from_path(extract())
        .unwrap()
        .for_each(|e| match e {
            Element::DenseNode(n) => {
                nodes.insert(n.id(), (n.lon(), n.lat()));
                let tags: Vec<(&str, &str)> = n.tags().collect();
                let _ = write!(
                    xml_nodes,
                    r#"<node id="{}" lat="{}" lon="{}""#,
                    n.id(),
                    n.lat(),
                    n.lon()
                );
                if tags.is_empty() {
                    xml_nodes.push_str("/>\n");
                } else {
                    xml_nodes.push('>');
                    for (k, v) in &tags {
                        let _ = write!(xml_nodes, r#"<tag k="{}" v="{}"/>"#, esc(k), esc(v));
                    }
                    xml_nodes.push_str("</node>\n");
                    features.push(
                        serde_json::json!({"type": "Feature", "properties": props(tags),
                        "geometry": {"type": "Point", "coordinates": [n.lon(), n.lat()]}}),
                    );
                }
            }
            Element::Way(w) => {
                let refs: Vec<i64> = w.refs().collect();
                let _ = write!(xml_rest, r#"<way id="{}">"#, w.id());
                for r in &refs {
                    let _ = write!(xml_rest, r#"<nd ref="{r}"/>"#);
                }
                let tags: Vec<(String, String)> = w
                    .tags()
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
                    .collect();
                for (k, v) in &tags {
                    let _ = write!(xml_rest, r#"<tag k="{}" v="{}"/>"#, esc(k), esc(v));
                }
                xml_rest.push_str("</way>\n");
                ways.push((refs, tags));
            }
            Element::Relation(r) => {
                let _ = write!(xml_rest, r#"<relation id="{}">"#, r.id());
                for m in r.members() {
                    let kind = match m.member_type {
                        osmpbf::RelMemberType::Node => "node",
                        osmpbf::RelMemberType::Way => "way",
                        osmpbf::RelMemberType::Relation => "relation",
                    };
                    let _ = write!(
                        xml_rest,
                        r#"<member type="{kind}" ref="{}" role="{}"/>"#,
                        m.member_id,
                        esc(m.role().unwrap_or(""))
                    );
                }
                for (k, v) in r.tags() {
                    let _ = write!(xml_rest, r#"<tag k="{}" v="{}"/>"#, esc(k), esc(v));
                }
                xml_rest.push_str("</relation>\n");
            }
            _ => {}
        })
        .unwrap();
    // overpass turbo writes a way with all its nodes known, as a line or (closed) a polygon.
    for (refs, tags) in ways {
        let Some(line) = refs
            .iter()
            .map(|r| nodes.get(r).map(|p| [p.0, p.1]))
            .collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        if tags.is_empty() || line.len() < 2 {
            continue;
        }
        let closed = refs.first() == refs.last() && !tags.iter().any(|(k, _)| k == "highway");
        let geometry = if closed {
            serde_json::json!({"type": "Polygon", "coordinates": [line]})
        } else {
            serde_json::json!({"type": "LineString", "coordinates": line})
        };
        let props: serde_json::Map<String, serde_json::Value> =
            tags.into_iter().map(|(k, v)| (k, v.into())).collect();
        features.push(
            serde_json::json!({"type": "Feature", "properties": props, "geometry": geometry}),
        );
    }
    let xml = dir.join("helsinki.osm");
    fs::write(
        &xml,
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\" generator=\"wegwijs test\">\n{xml_nodes}{xml_rest}</osm>\n"),
    )
    .unwrap();
    let geojson = dir.join("helsinki.geojson");
    fs::write(
        &geojson,
        serde_json::json!({"type": "FeatureCollection", "features": features}).to_string(),
    )
    .unwrap();
    (xml, geojson)
}

#[test]
fn the_three_forms_of_an_extract_make_the_same_map() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site(tmp.path());
    let o = import(&extract(), &site, &[]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("Wrote map/basemap.geojson"),
        "{}",
        text(&o)
    );
    let from_pbf = fs::read_to_string(site.join("map/basemap.geojson")).unwrap();
    let map = basemap(&site);
    assert_eq!(map["attribution"], "© OpenStreetMap contributors");
    for (kind, class, at_least) in [
        ("street", Some("major"), 20),
        ("street", Some("minor"), 20),
        ("rail", None, 5),
        ("green", None, 3),
        ("label", Some("place"), 1),
        ("label", Some("landmark"), 1),
    ] {
        let n = count(&map, kind, class);
        assert!(n >= at_least, "{kind} {class:?}: {n}");
    }
    // A park from a multipolygon relation (an outer and an inner way).
    assert!(
        from_pbf.contains("\"name\":\"Kaisaniemen puisto\""),
        "the park of the multipolygon"
    );
    assert!(
        from_pbf.len() < 200_000,
        "compact: {} bytes",
        from_pbf.len()
    );

    let (xml, geojson) = converted(tmp.path());
    let o = import(&xml, &site, &[]);
    assert!(o.status.success(), "{}", text(&o));
    let from_xml = fs::read_to_string(site.join("map/basemap.geojson")).unwrap();
    assert_eq!(from_xml, from_pbf, "OSM XML reads as the PBF does");

    let o = import(&geojson, &site, &[]);
    assert!(o.status.success(), "{}", text(&o));
    let from_geojson = basemap(&site);
    // Overpass's export has the same ways (relations it would assemble are left out here),
    // but only those whose every node is in the extract: a few fewer at its edge.
    for (kind, class) in [
        ("street", Some("major")),
        ("street", Some("minor")),
        ("rail", None),
    ] {
        let (a, b) = (count(&from_geojson, kind, class), count(&map, kind, class));
        assert!(a <= b && a * 100 >= b * 90, "{kind} {class:?}: {a} of {b}");
    }
}

#[test]
fn the_map_is_clipped_to_its_area_and_services_outside_it_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site(tmp.path());
    // Only the area around the station: the city hall and the library are outside it.
    let bbox = "24.940,60.169,24.950,60.174";
    let o = import(&extract(), &site, &["--bbox", bbox]);
    assert!(o.status.success(), "{}", text(&o));
    let t = text(&o);
    assert!(t.contains("warning: service `city-hall`"), "{t}");
    assert!(t.contains("warning: service `library`"), "{t}");
    assert!(!t.contains("`health-station`"), "{t}");
    let map = basemap(&site);
    let mut all = Vec::new();
    coordinates(&map["features"], &mut all);
    assert!(all.len() > 100);
    let inside = |(x, y): (f64, f64)| {
        (24.940 - 1e-6..=24.950 + 1e-6).contains(&x) && (60.169 - 1e-6..=60.174 + 1e-6).contains(&y)
    };
    let outside: Vec<_> = all.iter().filter(|p| !inside(**p)).collect();
    assert!(outside.is_empty(), "{outside:?}");
    // Streets that cross the edge are cut at it, not dropped.
    assert!(all.iter().any(|(x, _)| (x - 24.940).abs() < 1e-6));
    assert!(all.iter().any(|(_, y)| (y - 60.174).abs() < 1e-6));

    for bad in ["24.95,60.169,24.94,60.174", "a,b,c,d", "1,2,3"] {
        let o = import(&extract(), &site, &["--bbox", bad]);
        assert_eq!(o.status.code(), Some(1), "{bad}");
        assert!(text(&o).contains("--bbox"), "{}", text(&o));
    }
    let not_there = tmp.path().join("nothing.osm.pbf");
    let o = import(&not_there, &site, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("there is no file"), "{}", text(&o));
    std::fs::write(tmp.path().join("nothing.txt"), "plain text").unwrap();
    let o = import(&tmp.path().join("nothing.txt"), &site, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains("is not an extract wegwijs reads"),
        "{}",
        text(&o)
    );
}

#[test]
fn the_imported_map_is_drawn_with_its_attribution_on_the_page_and_the_card() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site(tmp.path());
    let o = import(&extract(), &site, &[]);
    assert!(o.status.success(), "{}", text(&o));
    // The test extract was cut at 24.9534° E, short of the area around the services.
    assert!(
        text(&o).contains("warning: the extract ends before the map's area does: the map covers 24.93518,60.16586,24.95341,"),
        "{}",
        text(&o)
    );
    let map = basemap(&site);
    let east = map["bbox"][2].as_f64().unwrap();
    assert!(
        (east - 24.95341).abs() < 1e-5,
        "the file's area ends with the data: {east}"
    );
    let out = tmp.path().join("out");
    let b = wegwijs(&[
        "build",
        site.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(b.status.success(), "{}", text(&b));
    let page = fs::read_to_string(out.join("nl/map/index.html")).unwrap();
    assert!(
        page.contains("© OpenStreetMap contributors"),
        "on the map page"
    );
    assert!(page.contains("stroke-dasharray"), "railways drawn");
    // Main streets named along them, markers as links with an id the legend points to.
    assert!(page.contains("katu</text>"), "street names on the page");
    let large = fs::read_to_string(out.join("nl/map/map.svg")).unwrap();
    for street in [">Kaivokatu<", ">Mannerheimintie<", ">Aleksanterinkatu<"] {
        assert!(large.contains(street), "{street} on the large map");
    }
    assert!(
        page.contains("href=map.svg") || page.contains("href=\"map.svg\""),
        "the page links the large map"
    );
    // (The page is minified: attribute values may lose their quotes.)
    let unquoted = page.replace('"', "");
    assert!(unquoted.contains("id=marker-1") && unquoted.contains("href=#marker-1"));
    assert!(page.contains(" m</text>"), "a scale bar");

    // A service added later, outside the map's area: a warning at its location.
    let library = site.join("services/library.yaml");
    let yaml = fs::read_to_string(&library).unwrap();
    fs::write(&library, yaml.replace("lon: 24.93820", "lon: 24.99820")).unwrap();
    let c = wegwijs(&["check", site.to_str().unwrap()]);
    let t = text(&c);
    assert!(
        t.contains("the location 60.1738, 24.9982 is outside the town map's area"),
        "{t}"
    );
    assert!(t.contains("library.yaml:6:"), "{t}");
    fs::write(&library, yaml).unwrap();
    let card = Command::new("pdftotext")
        .args([out.join("nl/card.pdf").to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let card = String::from_utf8_lossy(&card.stdout);
    assert!(
        card.contains("OpenStreetMap contributors"),
        "on the card: {card}"
    );
}

/// Whether `(x, y)` is inside the ring (even-odd rule).
fn inside_ring(ring: &[serde_json::Value], (x, y): (f64, f64)) -> bool {
    let pts: Vec<(f64, f64)> = ring
        .iter()
        .map(|p| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap()))
        .collect();
    let mut inside = false;
    for (i, a) in pts.iter().enumerate() {
        let b = pts[(i + 1) % pts.len()];
        if (a.1 > y) != (b.1 > y) && x < a.0 + (y - a.1) * (b.0 - a.0) / (b.1 - a.1) {
            inside = !inside;
        }
    }
    inside
}

#[test]
fn the_sea_is_drawn_from_the_coastline() {
    // The sea has no area in OpenStreetMap: it is what lies right of the coastline. In the
    // test extract the coastline of the Kolera basin, beside the Market Square, crosses a
    // frame whose east edge is at 24.9533°; another coastline way ends inside it, cut off by
    // the extract, and is left out.
    let tmp = tempfile::tempdir().unwrap();
    let site = site(tmp.path());
    let o = import(
        &extract(),
        &site,
        &["--bbox", "24.945,60.1645,24.9533,60.1700"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let map = basemap(&site);
    let basin = (24.9530, 60.1671);
    let market_square = (24.9520, 60.1672);
    let water: Vec<&serde_json::Value> = map["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["kind"] == "water")
        .collect();
    let covers = |p: (f64, f64)| {
        water.iter().any(|f| {
            f["geometry"]["coordinates"]
                .as_array()
                .unwrap()
                .iter()
                .any(|polygon| inside_ring(polygon[0].as_array().unwrap(), p))
        })
    };
    assert!(covers(basin), "the basin is water: {water:?}");
    assert!(!covers(market_square), "the square is land");
}
