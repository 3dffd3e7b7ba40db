//! A map drawn into a rectangle: the basemap and the services' places projected (Web
//! Mercator, north up), roads with casings by class, water and green, names placed so that
//! none covers another or a marker, markers at one address spread so each stays readable, a
//! scale bar and a north arrow — as SVG for the back of the card and for the map page.

use std::fmt::Write;

use super::labels::{self, Label, LabelKind, Obstacle, Space, Street};
use super::{Basemap, Kind, Shape, escape};
use crate::model::GeoPoint;

/// The earth's radius in Web Mercator, in metres.
const EARTH_RADIUS: f64 = 6_378_137.0;

/// Metres of town around the places that a drawing shows at least (when the basemap has
/// them).
const CONTEXT: f64 = 200.0;

/// The least extent a drawing shows, in Web Mercator's radians: about 400 m at the equator,
/// less further north.
const MIN_SPAN: f64 = 2.0 * CONTEXT / EARTH_RADIUS;

/// Web Mercator without scale: x grows east, y grows south, as in SVG.
fn mercator(p: GeoPoint) -> (f64, f64) {
    let x = p.lon.to_radians();
    // Web Mercator ends at 85.0511° (the poles are at infinity).
    let lat = p.lat.clamp(-85.0511, 85.0511);
    let y = -((std::f64::consts::FRAC_PI_4 + lat.to_radians() / 2.0).tan()).ln();
    (x, y)
}

/// The latitude in degrees of Web Mercator's `y`.
fn latitude(y: f64) -> f64 {
    (2.0 * (-y).exp().atan() - std::f64::consts::FRAC_PI_2).to_degrees()
}

/// Where a drawing is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Medium {
    /// The site's map page: markers as links, the attribution in the drawing.
    Page,
    /// The back of the pocket card, whose template adds markers, title and attribution as
    /// text of its own fonts; the drawing keeps their corners free.
    Card,
}

/// Sizes in the drawing's units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Style {
    /// The size of the names' type.
    pub font: f64,
    /// The radius of a numbered marker.
    pub marker: f64,
}

impl Style {
    /// The card's drawing is in millimetres: names at 7 pt, the least the card prints.
    pub const CARD: Style = Style {
        font: 7.0 * 25.4 / 72.0,
        marker: 2.0,
    };
    /// The page's drawing is in CSS pixels at about a phone's width.
    pub const PAGE: Style = Style {
        font: 11.0,
        marker: 10.0,
    };
}

/// A numbered place on the map.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Marker {
    pub number: usize,
    /// Where the marker is drawn, in the drawing's units from its top-left corner: on its
    /// place, or beside it when another marker is at (nearly) the same place.
    pub x: f64,
    pub y: f64,
}

/// An area of Web Mercator: min x, min y, max x, max y.
#[derive(Clone, Copy, Debug)]
struct Bounds(f64, f64, f64, f64);

impl Bounds {
    fn of(points: impl IntoIterator<Item = (f64, f64)>) -> Option<Bounds> {
        points.into_iter().fold(None, |b, (x, y)| {
            Some(match b {
                None => Bounds(x, y, x, y),
                Some(Bounds(a, b, c, d)) => Bounds(a.min(x), b.min(y), c.max(x), d.max(y)),
            })
        })
    }
    /// Never less than `MIN_SPAN`: one place, or one street, is shown with the town around it.
    fn width(&self) -> f64 {
        (self.2 - self.0).max(MIN_SPAN)
    }
    fn height(&self) -> f64 {
        (self.3 - self.1).max(MIN_SPAN)
    }
    fn centre(&self) -> (f64, f64) {
        ((self.0 + self.2) / 2.0, (self.1 + self.3) / 2.0)
    }
}

/// `v` moved into `lo..=hi`; the middle when the range is empty.
fn within(v: f64, lo: f64, hi: f64) -> f64 {
    if lo.is_nan() || hi.is_nan() || lo > hi || v.is_nan() {
        (lo + hi) / 2.0
    } else {
        v.clamp(lo, hi)
    }
}

/// The map fitted into a `width` × `height` rectangle.
pub struct Drawing<'a> {
    base: &'a Basemap,
    width: f64,
    height: f64,
    scale: f64,
    offset: (f64, f64),
    style: Style,
    pub markers: Vec<Marker>,
}

impl<'a> Drawing<'a> {
    /// Fits the map into the rectangle: every place inside with room for its marker, and as
    /// much of the basemap's area around them as fills the rectangle (never more than the
    /// area its data covers, where that is known). Markers are numbered 1… in the order of
    /// `places`.
    pub fn new(
        base: &'a Basemap,
        places: &[GeoPoint],
        width: f64,
        height: f64,
        style: Style,
    ) -> Self {
        let pad = style.marker * 2.5;
        let projected: Vec<(f64, f64)> = places.iter().copied().map(mercator).collect();
        let of_places = Bounds::of(projected.iter().copied());
        let of_base = match base.bbox {
            Some([w, s, e, n]) => Bounds::of([
                mercator(GeoPoint { lat: s, lon: w }),
                mercator(GeoPoint { lat: n, lon: e }),
            ]),
            None => Bounds::of(base.points().map(mercator)),
        };
        // Places keep a margin for their markers; the basemap fills the whole rectangle.
        let keep = |b: Bounds| {
            ((width - 2.0 * pad).max(1.0) / b.width())
                .min((height - 2.0 * pad).max(1.0) / b.height())
        };
        let cover = |b: Bounds| (width / b.width()).max(height / b.height());
        // Around the places, the town within `CONTEXT` metres of them, or more where the
        // basemap has it to fill the rectangle.
        let scale = match (of_base, of_places) {
            (Some(b), Some(p)) => {
                let lat = latitude(p.centre().1);
                let m = CONTEXT / (EARTH_RADIUS * lat.to_radians().cos());
                let around = Bounds(p.0 - m, p.1 - m, p.2 + m, p.3 + m);
                keep(p).min(keep(around).max(cover(b)))
            }
            (Some(b), None) => (width / b.width()).min(height / b.height()),
            (None, Some(p)) => keep(p),
            (None, None) => 1.0,
        };
        let (half_w, half_h) = (width / scale / 2.0, height / scale / 2.0);
        let (mut cx, mut cy) = of_places.or(of_base).map_or((0.0, 0.0), |b| b.centre());
        if let Some(b) = of_base {
            cx = within(cx, b.0 + half_w, b.2 - half_w);
            cy = within(cy, b.1 + half_h, b.3 - half_h);
        }
        if let Some(p) = of_places {
            let m = pad / scale;
            cx = within(cx, p.2 + m - half_w, p.0 - m + half_w);
            cy = within(cy, p.3 + m - half_h, p.1 - m + half_h);
        }
        let mut drawing = Drawing {
            base,
            width,
            height,
            scale,
            offset: (width / 2.0 - cx * scale, height / 2.0 - cy * scale),
            style,
            markers: Vec::new(),
        };
        drawing.markers = projected
            .iter()
            .enumerate()
            .map(|(i, (x, y))| Marker {
                number: i + 1,
                x: x * scale + drawing.offset.0,
                y: y * scale + drawing.offset.1,
            })
            .collect();
        spread(&mut drawing.markers, style.marker, width, height);
        drawing
    }

    fn project(&self, p: GeoPoint) -> (f64, f64) {
        let (x, y) = mercator(p);
        (
            x * self.scale + self.offset.0,
            y * self.scale + self.offset.1,
        )
    }

    fn path(&self, ring: &[GeoPoint], close: bool, d: &mut String) {
        for (i, p) in ring.iter().enumerate() {
            let (x, y) = self.project(*p);
            let _ = write!(d, "{}{x:.1} {y:.1}", if i == 0 { "M" } else { "L" });
        }
        if close {
            d.push('Z');
        }
    }

    /// One path of all lines of the features `which` picks.
    fn lines(&self, which: impl Fn(&super::Feature) -> bool) -> String {
        let mut d = String::new();
        for f in self.base.features.iter().filter(|f| which(f)) {
            if let Shape::Lines(lines) = &f.shape {
                for l in lines {
                    self.path(l, false, &mut d);
                }
            }
        }
        d
    }

    /// One path of all areas of `kind`.
    fn areas(&self, kind: Kind) -> String {
        let mut d = String::new();
        for f in self.base.features.iter().filter(|f| f.kind == kind) {
            if let Shape::Polygons(polys) = &f.shape {
                for ring in polys.iter().flatten() {
                    self.path(ring, true, &mut d);
                }
            }
        }
        d
    }

    /// How many of the drawing's units one metre is, at the drawing's middle.
    fn units_per_metre(&self) -> f64 {
        let lat = latitude((self.height / 2.0 - self.offset.1) / self.scale);
        self.scale / (EARTH_RADIUS * lat.to_radians().cos())
    }

    /// A scale bar of a round length about a fifth of the width: its length in units and its
    /// label.
    fn scale_bar(&self) -> (f64, String) {
        let per_metre = self.units_per_metre();
        let target = self.width * 0.22 / per_metre;
        let nice = [
            10.0, 20.0, 25.0, 50.0, 100.0, 200.0, 250.0, 500.0, 1e3, 2e3, 2.5e3, 5e3, 1e4, 2e4,
            5e4, 1e5,
        ];
        let metres = nice
            .iter()
            .copied()
            .rev()
            .find(|m| *m <= target)
            .unwrap_or(nice[0]);
        let label = if metres >= 1000.0 {
            format!("{} km", metres / 1000.0)
        } else {
            format!("{metres} m")
        };
        (metres * per_metre, label)
    }

    /// The names to write, placed clear of the markers, of the furniture and of each other.
    fn labels(&self, medium: Medium, furniture: &[Obstacle]) -> Vec<Label> {
        let f = self.style.font;
        let mut space = Space::new(self.width, self.height, f * 2.0);
        for m in &self.markers {
            space.take(Obstacle::Circle {
                x: m.x,
                y: m.y,
                r: self.style.marker * 1.2,
            });
        }
        for o in furniture {
            space.take(*o);
        }
        if let Some(credit) = &self.base.attribution {
            // The attribution in the bottom right corner: on the card at the names' size, on
            // the page a little smaller (as `svg` writes it).
            let size = if medium == Medium::Card { f } else { f * 0.8 };
            let w = labels::text_width(credit, size, false) + f;
            space.take(Obstacle::Rect {
                x0: self.width - w,
                y0: self.height - size * 1.6,
                x1: self.width,
                y1: self.height,
            });
        }
        if medium == Medium::Card {
            // The template writes the map's title in a top corner (which one depends on the
            // reading direction) and the attribution in the bottom right one.
            let (w, h) = (f * 9.0, f * 2.2);
            space.take(Obstacle::Rect {
                x0: 0.0,
                y0: 0.0,
                x1: w,
                y1: h,
            });
            space.take(Obstacle::Rect {
                x0: self.width - w,
                y0: 0.0,
                x1: self.width,
                y1: h,
            });
        }
        let points: Vec<(LabelKind, &str, (f64, f64))> = self
            .base
            .features
            .iter()
            .filter_map(|feature| match (&feature.shape, &feature.name) {
                (Shape::Point(p), Some(name)) => {
                    let kind = if feature.class.as_deref() == Some("landmark") {
                        LabelKind::Landmark
                    } else {
                        LabelKind::Place
                    };
                    Some((kind, name.as_str(), self.project(*p)))
                }
                _ => None,
            })
            .collect();
        let mut streets: Vec<Street> = Vec::new();
        for feature in &self.base.features {
            let (Kind::Street, Some(name), Shape::Lines(lines)) =
                (feature.kind, &feature.name, &feature.shape)
            else {
                continue;
            };
            let projected = lines
                .iter()
                .map(|l| l.iter().map(|p| self.project(*p)).collect::<Vec<_>>())
                .filter(|l| l.len() > 1);
            match streets.iter_mut().find(|s| s.name == name.as_str()) {
                Some(s) => {
                    s.major |= feature.is_major();
                    s.lines.extend(projected);
                }
                None => streets.push(Street {
                    name,
                    major: feature.is_major(),
                    lines: projected.collect(),
                }),
            }
        }
        labels::place(&mut space, &points, streets, f)
    }

    /// The basemap as SVG for `medium`. On a page the numbered markers are drawn, each a link
    /// when `link` gives a URL for its number and with the id `marker-N`, and the
    /// attribution; the card's template places both itself, as text of its own fonts.
    pub fn svg(&self, medium: Medium, link: impl Fn(usize) -> Option<String>) -> String {
        let f = self.style.font;
        let (w, h) = (self.width, self.height);
        let mut s = format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.1} {h:.1}" width="{w:.1}" height="{h:.1}" font-family="Noto Sans, sans-serif" direction="ltr"><rect width="100%" height="100%" fill="#f2efe9"/>"##,
        );
        let green = self.areas(Kind::Green);
        let water = self.areas(Kind::Water);
        let rivers = self.lines(|x| x.kind == Kind::Water);
        let _ = write!(
            s,
            r##"<path d="{green}" fill="#cde6bd"/><path d="{water}" fill="#aad3df" fill-rule="evenodd"/><path d="{rivers}" fill="none" stroke="#aad3df" stroke-width="{:.2}" stroke-linecap="round" stroke-linejoin="round"/>"##,
            f * 0.4
        );
        // Railways as the maps people know draw them: grey with white dashes.
        let rail = self.lines(|x| x.kind == Kind::Rail);
        let _ = write!(
            s,
            r##"<path d="{rail}" fill="none" stroke="#a0a0a0" stroke-width="{:.2}"/><path d="{rail}" fill="none" stroke="#fff" stroke-width="{:.2}" stroke-dasharray="{:.2}"/>"##,
            f * 0.22,
            f * 0.1,
            f * 0.5
        );
        // Casings first, then fills, minor streets under main roads: junctions join cleanly.
        let minor = self.lines(|x| x.kind == Kind::Street && !x.is_major());
        let major = self.lines(|x| x.kind == Kind::Street && x.is_major());
        for (d, casing, fill, outer, inner) in [
            (&minor, "#bcb6ab", "#ffffff", 0.42, 0.28),
            (&major, "#c7a24a", "#fbde8a", 0.66, 0.5),
        ] {
            let _ = write!(
                s,
                r##"<g fill="none" stroke-linecap="round" stroke-linejoin="round"><path d="{d}" stroke="{casing}" stroke-width="{:.2}"/><path d="{d}" stroke="{fill}" stroke-width="{:.2}"/></g>"##,
                f * outer,
                f * inner
            );
        }

        // Furniture in the bottom left corner: the scale bar with north above it.
        let (bar, bar_label) = self.scale_bar();
        let (x0, y0) = (f * 0.8, h - f * 1.0);
        let label_w = labels::text_width(&bar_label, f, false);
        let (box_top, box_bottom) = (y0 - f * 3.0, h - f * 0.1);
        let furniture = [Obstacle::Rect {
            x0: 0.0,
            y0: box_top,
            x1: x0 + bar + f * 0.6 + label_w + f * 0.4,
            y1: h,
        }];
        let placed = self.labels(medium, &furniture);
        let _ = write!(
            s,
            r##"<g font-size="{f:.2}" text-anchor="middle" fill="#333" stroke="#fff" stroke-width="{:.2}" stroke-linejoin="round" paint-order="stroke">"##,
            f * 0.3
        );
        for l in &placed {
            let style = match l.kind {
                LabelKind::Place => format!(r#" font-weight="bold" font-size="{:.2}""#, l.size),
                LabelKind::Landmark => r##" fill="#5a3e7a""##.to_owned(),
                LabelKind::MajorStreet | LabelKind::MinorStreet => String::new(),
            };
            let rotate = if l.angle.abs() > 0.05 {
                format!(
                    r#" transform="rotate({:.1} {:.1} {:.1})""#,
                    l.angle, l.x, l.y
                )
            } else {
                String::new()
            };
            let _ = write!(
                s,
                r#"<text x="{:.1}" y="{:.1}"{style}{rotate}>{}</text>"#,
                l.x,
                l.y + l.size * 0.35,
                escape(&l.text)
            );
        }
        s.push_str("</g>");

        // The bar in two halves, its length beside it; above it an arrow to the north.
        let t = f * 0.3;
        let _ = write!(
            s,
            r##"<g fill="#333"><rect x="{bx:.2}" y="{box_top:.2}" width="{bw:.2}" height="{bh:.2}" fill="#fff" fill-opacity="0.8" rx="{r:.2}"/><rect x="{x0:.2}" y="{y0:.2}" width="{half:.2}" height="{t:.2}"/><rect x="{x1:.2}" y="{y0:.2}" width="{half:.2}" height="{t:.2}" fill="#fff" stroke="#333" stroke-width="{sw:.2}"/><text x="{tx:.2}" y="{ty:.2}" font-size="{f:.2}">{bar_label}</text><path d="M{ax:.2} {ay0:.2}L{ax1:.2} {ay1:.2}L{ax:.2} {ay2:.2}L{ax2:.2} {ay1:.2}Z"/><text x="{nx:.2}" y="{ay1:.2}" font-size="{f:.2}" font-weight="bold">N</text></g>"##,
            bx = x0 - f * 0.4,
            bw = bar + label_w + f * 1.4,
            bh = box_bottom - box_top,
            r = f * 0.2,
            half = bar / 2.0,
            x1 = x0 + bar / 2.0,
            sw = t * 0.25,
            tx = x0 + bar + f * 0.3,
            ty = y0 + t,
            ax = x0 + f * 0.4,
            ax1 = x0 + f * 0.8,
            ax2 = x0,
            ay0 = y0 - f * 2.7,
            ay1 = y0 - f * 1.2,
            ay2 = y0 - f * 1.6,
            nx = x0 + f * 1.1,
        );

        if medium == Medium::Page {
            // Markers stay big enough to see and tap on a phone, whatever the map's scale.
            let r = self.style.marker;
            for m in &self.markers {
                let circle = format!(
                    r##"<circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}" fill="#0b5394" stroke="#fff" stroke-width="{sw:.1}"/><text x="{x:.1}" y="{ty:.1}" font-size="{fs:.1}" fill="#fff" text-anchor="middle" font-weight="bold">{n}</text>"##,
                    x = m.x,
                    y = m.y,
                    sw = r / 5.0,
                    ty = m.y + r * 0.38,
                    fs = r * 1.1,
                    n = m.number
                );
                match link(m.number) {
                    Some(url) => {
                        let _ = write!(
                            s,
                            r#"<a href="{}" id="marker-{}">{circle}</a>"#,
                            escape(&url),
                            m.number
                        );
                    }
                    None => {
                        let _ = write!(s, r#"<g id="marker-{}">{circle}</g>"#, m.number);
                    }
                }
            }
            if let Some(credit) = &self.base.attribution {
                // The licence of the map's data asks for this wherever the map is shown.
                let _ = write!(
                    s,
                    r##"<text x="{x:.1}" y="{y:.1}" font-size="{fs:.1}" fill="#333" text-anchor="end" paint-order="stroke" stroke="#fff" stroke-width="{sw:.1}">{}</text>"##,
                    escape(credit),
                    fs = f * 0.8,
                    x = w - f * 0.4,
                    y = h - f * 0.4,
                    sw = f * 0.25
                );
            }
        }
        s.push_str("</svg>");
        s
    }
}

/// Markers at (nearly) the same place, which would cover each other, set side by side around
/// that place in a block of rows, in the order of their numbers, the block kept inside the
/// drawing.
fn spread(markers: &mut [Marker], r: f64, width: f64, height: f64) {
    let gap = r * 2.2;
    let n = markers.len();
    let mut group: Vec<usize> = (0..n).collect();
    fn root(group: &mut [usize], mut i: usize) -> usize {
        while group[i] != i {
            group[i] = group[group[i]];
            i = group[i];
        }
        i
    }
    for i in 0..n {
        for j in i + 1..n {
            let (a, b) = (&markers[i], &markers[j]);
            if (a.x - b.x).hypot(a.y - b.y) < gap {
                let (ri, rj) = (root(&mut group, i), root(&mut group, j));
                group[rj] = ri;
            }
        }
    }
    let mut clusters: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for i in 0..n {
        clusters.entry(root(&mut group, i)).or_default().push(i);
    }
    for members in clusters.values().filter(|m| m.len() > 1) {
        let k = members.len() as f64;
        let cx = members.iter().map(|&i| markers[i].x).sum::<f64>() / k;
        let cy = members.iter().map(|&i| markers[i].y).sum::<f64>() / k;
        // As square a block as the drawing's width allows, moved inside the drawing whole.
        let fit = ((width - 2.0 * r) / gap).floor().max(0.0) as usize + 1;
        // Up to four in a row; more in a square block.
        let n = members.len();
        let cols = if n <= 4 {
            n
        } else {
            (n as f64).sqrt().ceil() as usize
        };
        let cols = cols.min(fit).max(1);
        let rows = members.len().div_ceil(cols);
        let half_w = (cols as f64 - 1.0) / 2.0 * gap;
        let half_h = (rows as f64 - 1.0) / 2.0 * gap;
        let cx = within(cx, r + half_w, width - r - half_w);
        let cy = within(cy, r + half_h, height - r - half_h);
        for (slot, &i) in members.iter().enumerate() {
            let (col, row) = ((slot % cols) as f64, (slot / cols) as f64);
            markers[i].x = cx + col * gap - half_w;
            markers[i].y = cy + row * gap - half_h;
        }
    }
    for m in markers.iter_mut() {
        m.x = within(m.x, r, width - r);
        m.y = within(m.y, r, height - r);
    }
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

    fn at(lat: f64, lon: f64) -> GeoPoint {
        GeoPoint { lat, lon }
    }

    #[test]
    fn markers_land_inside_and_north_is_up() {
        let mut base = Basemap::default();
        base.add_geojson(MAP).unwrap();
        let (south, north) = (at(52.30, 5.61), at(52.32, 5.61));
        let d = Drawing::new(&base, &[south, north], 100.0, 80.0, Style::PAGE);
        for m in &d.markers {
            assert!(
                (10.0..=90.0).contains(&m.x) && (10.0..=70.0).contains(&m.y),
                "{m:?}"
            );
        }
        assert!(
            d.markers[1].y < d.markers[0].y,
            "north is drawn above south"
        );
        let svg = d.svg(Medium::Page, |n| Some(format!("services/{n}/")));
        assert!(svg.contains("<path d=\"M"));
        assert!(
            svg.contains(r#"<a href="services/2/" id="marker-2">"#),
            "{svg}"
        );
    }

    #[test]
    fn places_without_a_basemap_keep_their_relative_positions() {
        let base = Basemap::default();
        let (west, east) = (at(52.3, 5.60), at(52.3, 5.62));
        let d = Drawing::new(&base, &[west, east], 200.0, 100.0, Style::PAGE);
        assert!(d.markers[0].x < d.markers[1].x);
        let pad = Style::PAGE.marker * 2.5;
        assert!(
            (d.markers[0].x - pad).abs() < 1e-6 && (d.markers[1].x - (200.0 - pad)).abs() < 1e-6
        );
    }

    #[test]
    fn markers_at_one_address_are_set_side_by_side() {
        let base = Basemap::default();
        let here = at(52.3, 5.6);
        let places = [here, at(52.31, 5.61), here, at(52.30001, 5.60001)];
        let d = Drawing::new(&base, &places, 300.0, 300.0, Style::PAGE);
        let m = &d.markers;
        let r = Style::PAGE.marker;
        for (i, a) in m.iter().enumerate() {
            for b in &m[i + 1..] {
                assert!(
                    (a.x - b.x).hypot(a.y - b.y) >= 2.0 * r,
                    "{a:?} covers {b:?}"
                );
            }
        }
        // In the order of their numbers, left to right, around the one place.
        assert!(m[0].x < m[2].x && m[2].x < m[3].x, "{m:?}");
        assert!((m[0].y - m[2].y).abs() < 1e-9);
    }

    #[test]
    fn the_view_fills_the_rectangle_from_the_basemap_and_keeps_every_place() {
        let mut base = Basemap::default();
        base.add_geojson(MAP).unwrap();
        base.bbox = Some([5.58, 52.28, 5.64, 52.34]);
        // Two places close together: the map zooms in on them, not out to the whole area.
        let places = [at(52.310, 5.610), at(52.312, 5.612)];
        let d = Drawing::new(&base, &places, 110.0, 85.0, Style::CARD);
        let (x, y) = d.project(at(52.28, 5.58));
        assert!(x < 0.0 && y > 85.0, "the basemap reaches past the corners");
        for m in &d.markers {
            assert!(
                (5.0..=105.0).contains(&m.x) && (5.0..=80.0).contains(&m.y),
                "{m:?}"
            );
        }
    }

    #[test]
    fn odd_places_neither_crash_nor_zoom_to_nothing() {
        let base = Basemap::default();
        // A pole (refused nowhere before the drawing) and an ordinary place.
        let d = Drawing::new(
            &base,
            &[at(-90.0, 5.0), at(52.0, 5.0)],
            110.0,
            85.0,
            Style::CARD,
        );
        for m in &d.markers {
            assert!(m.x.is_finite() && m.y.is_finite(), "{m:?}");
        }
        let _ = d.svg(Medium::Card, |_| None);
        // One place alone: the town around it, and a scale bar that fits the drawing.
        let d = Drawing::new(&base, &[at(52.0, 5.0)], 110.0, 85.0, Style::CARD);
        let (length, label) = d.scale_bar();
        assert!(length < 55.0 && label != "10 m", "{length} for {label}");
    }

    #[test]
    fn many_markers_at_one_address_stay_inside_and_apart() {
        let base = Basemap::default();
        let mut places = vec![at(52.3, 5.6); 40];
        places.push(at(52.31, 5.61));
        let d = Drawing::new(&base, &places, 110.0, 85.0, Style::CARD);
        let r = Style::CARD.marker;
        for a in &d.markers {
            assert!((r - 1e-9..=110.0 - r + 1e-9).contains(&a.x), "{a:?}");
            assert!((r - 1e-9..=85.0 - r + 1e-9).contains(&a.y), "{a:?}");
        }
        let at_one = &d.markers[..40];
        for (i, a) in at_one.iter().enumerate() {
            for b in &at_one[i + 1..] {
                assert!(
                    (a.x - b.x).hypot(a.y - b.y) >= 2.0 * r - 1e-9,
                    "{a:?} covers {b:?}"
                );
            }
        }
    }

    #[test]
    fn the_scale_bar_measures_the_map() {
        let mut base = Basemap::default();
        base.add_geojson(MAP).unwrap();
        // 0.01° of longitude at 52.3° N is 681 m on the ground.
        let places = [at(52.30, 5.60), at(52.30, 5.61)];
        let d = Drawing::new(&base, &places, 200.0, 100.0, Style::PAGE);
        let per_metre = (d.markers[1].x - d.markers[0].x) / 681.0;
        let (length, label) = d.scale_bar();
        let metres: f64 = label.trim_end_matches(" m").parse().unwrap();
        assert!(
            ((length / per_metre) / metres - 1.0).abs() < 0.01,
            "{length} units for {label}"
        );
    }

    #[test]
    fn names_are_escaped_and_on_the_card_no_smaller_than_seven_points() {
        let mut base = Basemap::default();
        base.add_geojson(MAP).unwrap();
        let d = Drawing::new(&base, &[at(52.31, 5.61)], 110.0, 85.0, Style::CARD);
        let svg = d.svg(Medium::Card, |_| None);
        assert!(svg.contains("Centrum &lt;oud&gt;"), "{svg}");
        assert!(
            !svg.contains("<circle"),
            "the card's template draws the markers"
        );
        for size in svg.split("font-size=\"").skip(1) {
            let mm: f64 = size.split('"').next().unwrap().parse().unwrap();
            assert!(mm / 25.4 * 72.0 >= 6.99, "{mm} mm");
        }
    }
}
