//! Reading OpenStreetMap extracts, `.osm.pbf` (osmpbf) and `.osm` XML (quick-xml), as a stream
//! of elements. A reader is run once per pass, each pass asking only for the kinds of element
//! it needs, so that an extract is never held in memory whole.

use std::path::Path;

/// The tags of an element, as written.
pub type Tags = Vec<(String, String)>;

/// What a member of a relation is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberKind {
    Node,
    Way,
    Relation,
}

#[derive(Clone, Debug)]
pub struct Member {
    pub kind: MemberKind,
    pub id: i64,
    pub role: String,
}

/// One element of the extract. Nodes carry their tags only when the pass asks for them.
#[derive(Debug)]
pub enum Element {
    Node {
        id: i64,
        lat: f64,
        lon: f64,
        tags: Tags,
    },
    Way {
        id: i64,
        refs: Vec<i64>,
        tags: Tags,
    },
    Relation {
        members: Vec<Member>,
        tags: Tags,
    },
}

/// The kinds of element one pass reads; the others are skipped as cheaply as the format
/// allows.
#[derive(Clone, Copy, Debug, Default)]
pub struct Want {
    pub nodes: bool,
    pub ways: bool,
    pub relations: bool,
}

/// The two formats of an extract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Pbf,
    Xml,
}

/// Reads `path` once, calling `each` for every element of the kinds `want` names.
pub fn read(
    path: &Path,
    format: Format,
    want: Want,
    each: &mut dyn FnMut(Element),
) -> Result<(), String> {
    match format {
        Format::Pbf => read_pbf(path, want, each),
        Format::Xml => read_xml(path, want, each),
    }
}

fn tags<'a>(it: impl Iterator<Item = (&'a str, &'a str)>) -> Tags {
    it.map(|(k, v)| (k.to_owned(), v.to_owned())).collect()
}

fn read_pbf(path: &Path, want: Want, each: &mut dyn FnMut(Element)) -> Result<(), String> {
    let reader = osmpbf::ElementReader::from_path(path).map_err(|e| e.to_string())?;
    reader
        .for_each(|element| match element {
            osmpbf::Element::Node(n) if want.nodes => each(Element::Node {
                id: n.id(),
                lat: n.lat(),
                lon: n.lon(),
                tags: tags(n.tags()),
            }),
            osmpbf::Element::DenseNode(n) if want.nodes => each(Element::Node {
                id: n.id(),
                lat: n.lat(),
                lon: n.lon(),
                tags: tags(n.tags()),
            }),
            osmpbf::Element::Way(w) if want.ways => each(Element::Way {
                id: w.id(),
                refs: w.refs().collect(),
                tags: tags(w.tags()),
            }),
            osmpbf::Element::Relation(r) if want.relations => each(Element::Relation {
                members: r
                    .members()
                    .map(|m| Member {
                        kind: match m.member_type {
                            osmpbf::RelMemberType::Node => MemberKind::Node,
                            osmpbf::RelMemberType::Way => MemberKind::Way,
                            osmpbf::RelMemberType::Relation => MemberKind::Relation,
                        },
                        id: m.member_id,
                        role: m.role().unwrap_or_default().to_owned(),
                    })
                    .collect(),
                tags: tags(r.tags()),
            }),
            _ => {}
        })
        .map_err(|e| format!("not a readable OpenStreetMap PBF file: {e}"))
}

/// The element being read from XML, completed at its end tag.
enum Open {
    Node { id: i64, lat: f64, lon: f64 },
    Way { id: i64 },
    Relation,
}

fn read_xml(path: &Path, want: Want, each: &mut dyn FnMut(Element)) -> Result<(), String> {
    use quick_xml::events::{BytesStart, Event};

    let mut reader = quick_xml::Reader::from_file(path).map_err(|e| e.to_string())?;
    let mut buf = Vec::new();
    let mut open: Option<Open> = None;
    let (mut tags, mut refs, mut members): (Tags, Vec<i64>, Vec<Member>) = Default::default();
    let at = |reader: &quick_xml::Reader<_>| reader.buffer_position();
    // The attributes of an element, values unescaped.
    let attrs = |e: &BytesStart| -> Result<Vec<(String, String)>, String> {
        e.attributes()
            .map(|a| {
                let a = a.map_err(|e| e.to_string())?;
                let value = a
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map_err(|e| e.to_string())?;
                Ok((a.key.as_ref().to_owned(), value.into_owned()))
            })
            .collect()
    };

    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("not well-formed OSM XML at byte {}: {e}", at(&reader)))?;
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            let name = e.name().as_ref().to_owned();
            let wanted = match name.as_str() {
                "node" => want.nodes,
                "way" => want.ways,
                "relation" => want.relations,
                _ => true,
            };
            if wanted {
                let a = attrs(&e)?;
                let number = |k: &str| -> Result<f64, String> {
                    get(&a, k).parse().map_err(|_| {
                        format!("<{name}> near byte {} has no numeric `{k}`", at(&reader))
                    })
                };
                match name.as_str() {
                    "node" => {
                        open = Some(Open::Node {
                            id: number("id")? as i64,
                            lat: number("lat")?,
                            lon: number("lon")?,
                        })
                    }
                    "way" => {
                        open = Some(Open::Way {
                            id: number("id")? as i64,
                        })
                    }
                    "relation" => open = Some(Open::Relation),
                    "tag" if open.is_some() => {
                        tags.push((get(&a, "k").to_owned(), get(&a, "v").to_owned()))
                    }
                    "nd" if open.is_some() => refs.push(number("ref")? as i64),
                    "member" if open.is_some() => members.push(Member {
                        kind: match get(&a, "type") {
                            "node" => MemberKind::Node,
                            "way" => MemberKind::Way,
                            _ => MemberKind::Relation,
                        },
                        id: number("ref")? as i64,
                        role: get(&a, "role").to_owned(),
                    }),
                    _ => {}
                }
            }
            let closes = empty && matches!(name.as_str(), "node" | "way" | "relation");
            if closes {
                finish(&mut open, &mut tags, &mut refs, &mut members, each);
            }
        }
        match event {
            Event::End(e) if matches!(e.name().as_ref(), "node" | "way" | "relation") => {
                finish(&mut open, &mut tags, &mut refs, &mut members, each)
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(())
}

/// The value of attribute `k`, or "".
fn get<'a>(a: &'a [(String, String)], k: &str) -> &'a str {
    a.iter()
        .find(|(key, _)| key == k)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

fn finish(
    open: &mut Option<Open>,
    tags: &mut Tags,
    refs: &mut Vec<i64>,
    members: &mut Vec<Member>,
    each: &mut dyn FnMut(Element),
) {
    let (tags, refs, members) = (
        std::mem::take(tags),
        std::mem::take(refs),
        std::mem::take(members),
    );
    match open.take() {
        Some(Open::Node { id, lat, lon }) => each(Element::Node { id, lat, lon, tags }),
        Some(Open::Way { id }) => each(Element::Way { id, refs, tags }),
        Some(Open::Relation) => each(Element::Relation { members, tags }),
        None => {}
    }
}
