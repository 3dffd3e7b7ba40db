//! Where the names go on a map: street names along a straight stretch of their street, place
//! names on or beside their point, none covering another name, a marker or the map's furniture
//! (scale bar, title, attribution). Placement is greedy in order of importance, so what does
//! not fit is left out rather than drawn over something else.

use std::collections::HashMap;

/// A point in the drawing's units, from its top-left corner.
pub(crate) type Point = (f64, f64);

/// What a name names, which sets its type and its place in the order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LabelKind {
    /// A town, quarter or neighbourhood: larger and bold.
    Place,
    /// A station or town hall.
    Landmark,
    /// A main road's name, along the road.
    MajorStreet,
    /// Another street's name, along the street, where room is left.
    MinorStreet,
}

/// A name placed on the map: its middle, and the angle of its baseline in degrees (clockwise,
/// never upside down).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Label {
    pub text: String,
    pub kind: LabelKind,
    pub x: f64,
    pub y: f64,
    pub angle: f64,
    pub size: f64,
}

/// Something names must keep clear of.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Obstacle {
    Circle { x: f64, y: f64, r: f64 },
    Rect { x0: f64, y0: f64, x1: f64, y1: f64 },
}

impl Obstacle {
    fn bounds(&self) -> (f64, f64, f64, f64) {
        match *self {
            Obstacle::Circle { x, y, r } => (x - r, y - r, x + r, y + r),
            Obstacle::Rect { x0, y0, x1, y1 } => (x0, y0, x1, y1),
        }
    }

    /// Whether the circle at `(x, y)` with radius `r` touches this.
    fn hits(&self, x: f64, y: f64, r: f64) -> bool {
        match *self {
            Obstacle::Circle {
                x: cx,
                y: cy,
                r: cr,
            } => (x - cx).hypot(y - cy) < r + cr,
            Obstacle::Rect { x0, y0, x1, y1 } => {
                let dx = (x0 - x).max(0.0).max(x - x1);
                let dy = (y0 - y).max(0.0).max(y - y1);
                dx.hypot(dy) < r
            }
        }
    }
}

/// The taken parts of the drawing, in a grid of cells so a test looks only nearby.
pub(crate) struct Space {
    width: f64,
    height: f64,
    cell: f64,
    obstacles: Vec<Obstacle>,
    grid: HashMap<(i64, i64), Vec<usize>>,
}

impl Space {
    pub fn new(width: f64, height: f64, cell: f64) -> Space {
        Space {
            width,
            height,
            cell: cell.max(1e-6),
            obstacles: Vec::new(),
            grid: HashMap::new(),
        }
    }

    /// The cells that `(x0, y0)`–`(x1, y1)` covers, within the drawing (a rectangle reaching
    /// far past it lists no more cells than the drawing has).
    fn cells(&self, (x0, y0, x1, y1): (f64, f64, f64, f64)) -> impl Iterator<Item = (i64, i64)> {
        let c = self.cell;
        let (max_i, max_j) = (
            (self.width / c).floor() as i64,
            (self.height / c).floor() as i64,
        );
        let cell = |v: f64, max: i64| ((v / c).floor().max(-1.0) as i64).min(max + 1);
        let (i0, i1) = (cell(x0, max_i), cell(x1, max_i));
        let (j0, j1) = (cell(y0, max_j), cell(y1, max_j));
        (i0..=i1).flat_map(move |i| (j0..=j1).map(move |j| (i, j)))
    }

    pub fn take(&mut self, o: Obstacle) {
        let index = self.obstacles.len();
        self.obstacles.push(o);
        for cell in self.cells(o.bounds()).collect::<Vec<_>>() {
            self.grid.entry(cell).or_default().push(index);
        }
    }

    /// Whether all `circles` are inside the drawing and touch nothing taken.
    fn free(&self, circles: &[(f64, f64, f64)]) -> bool {
        circles.iter().all(|&(x, y, r)| {
            x - r >= 0.0
                && y - r >= 0.0
                && x + r <= self.width
                && y + r <= self.height
                && self.cells((x - r, y - r, x + r, y + r)).all(|cell| {
                    self.grid
                        .get(&cell)
                        .is_none_or(|ix| ix.iter().all(|&i| !self.obstacles[i].hits(x, y, r)))
                })
        })
    }
}

/// About how wide `text` is set at `size` in a sans-serif face (Noto Sans averages a little
/// over half an em per character; bold a little more).
pub(crate) fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let em = if bold { 0.6 } else { 0.56 };
    text.chars().count() as f64 * size * em
}

/// The circles a name of width `w` and type `size` covers, centred at `(x, y)` along `angle`.
fn footprint(x: f64, y: f64, angle: f64, w: f64, size: f64) -> Vec<(f64, f64, f64)> {
    let r = size * 0.55;
    let (dx, dy) = (angle.to_radians().cos(), angle.to_radians().sin());
    let steps = ((w / r).ceil() as usize).max(1);
    (0..=steps)
        .map(|i| {
            let t = -w / 2.0 + w * i as f64 / steps as f64;
            (x + dx * t, y + dy * t, r)
        })
        .collect()
}

/// The angle of the line from `a` to `b` in degrees, turned so text along it reads upright.
fn upright(a: Point, b: Point) -> f64 {
    let mut angle = (b.1 - a.1).atan2(b.0 - a.0).to_degrees();
    if angle > 90.0 {
        angle -= 180.0;
    } else if angle < -90.0 {
        angle += 180.0;
    }
    angle
}

/// Joins pieces of one street that meet end to end (OpenStreetMap cuts a street into many
/// ways), so a name can run over the joins.
fn join(mut pieces: Vec<Vec<Point>>, eps: f64) -> Vec<Vec<Point>> {
    let close = |a: Point, b: Point| (a.0 - b.0).hypot(a.1 - b.1) <= eps;
    let mut out: Vec<Vec<Point>> = Vec::new();
    while let Some(mut line) = pieces.pop() {
        loop {
            let (first, last) = (line[0], line[line.len() - 1]);
            let found = pieces.iter().position(|p| {
                let (a, b) = (p[0], p[p.len() - 1]);
                close(last, a) || close(last, b) || close(first, a) || close(first, b)
            });
            let Some(i) = found else { break };
            let mut p = pieces.swap_remove(i);
            let (a, b) = (p[0], p[p.len() - 1]);
            if close(last, a) {
                line.extend(p.into_iter().skip(1));
            } else if close(last, b) {
                p.reverse();
                line.extend(p.into_iter().skip(1));
            } else if close(first, b) {
                p.pop();
                p.extend(line);
                line = p;
            } else {
                p.reverse();
                p.pop();
                p.extend(line);
                line = p;
            }
        }
        out.push(line);
    }
    out
}

/// The nearly straight stretches of `line` (every piece within 15° of the stretch's first), as
/// (start, end, length along the line).
fn straight_runs(line: &[Point]) -> Vec<(Point, Point, f64)> {
    let direction = |a: Point, b: Point| (b.1 - a.1).atan2(b.0 - a.0);
    let mut runs = Vec::new();
    let mut i = 0;
    while i + 1 < line.len() {
        let heading = direction(line[i], line[i + 1]);
        let mut j = i + 1;
        let mut length = 0.0;
        while j < line.len() {
            let (a, b) = (line[j - 1], line[j]);
            let mut turn = (direction(a, b) - heading).abs();
            if turn > std::f64::consts::PI {
                turn = 2.0 * std::f64::consts::PI - turn;
            }
            if turn > 15f64.to_radians() {
                break;
            }
            length += (b.0 - a.0).hypot(b.1 - a.1);
            j += 1;
        }
        runs.push((line[i], line[j - 1], length));
        i = j - 1;
    }
    runs
}

/// A street to name: its name, whether it is a main road, and its lines in the drawing.
pub(crate) struct Street<'a> {
    pub name: &'a str,
    pub major: bool,
    pub lines: Vec<Vec<Point>>,
}

/// Places the names of `points` (places and landmarks) and then of `streets`, at type size
/// `size`, in the room `space` leaves, taking that room as it goes.
pub(crate) fn place(
    space: &mut Space,
    points: &[(LabelKind, &str, Point)],
    mut streets: Vec<Street<'_>>,
    size: f64,
) -> Vec<Label> {
    let mut placed: Vec<Label> = Vec::new();
    let mut accept = |space: &mut Space, label: Label, circles: Vec<(f64, f64, f64)>| {
        for (x, y, r) in circles {
            space.take(Obstacle::Circle { x, y, r });
        }
        placed.push(label);
    };

    // Places first, then landmarks; a name already written nearby is not written again.
    let mut points: Vec<&(LabelKind, &str, Point)> = points.iter().collect();
    points.sort_by_key(|(k, name, _)| (*k != LabelKind::Place, *name));
    let mut written: Vec<(&str, Point)> = Vec::new();
    for &&(kind, name, (x, y)) in &points {
        let label_size = if kind == LabelKind::Place {
            size * 1.1
        } else {
            size
        };
        let w = text_width(name, label_size, kind == LabelKind::Place);
        if written
            .iter()
            .any(|(n, p)| *n == name && (p.0 - x).hypot(p.1 - y) < w * 3.0)
        {
            continue;
        }
        // On the point, else above, below, after or before it, clear of a marker there.
        let off = 1.8 * label_size;
        let offsets = [
            (0.0, 0.0),
            (0.0, -off),
            (0.0, off),
            (w / 2.0 + off, 0.0),
            (-(w / 2.0 + off), 0.0),
        ];
        for (dx, dy) in offsets {
            let circles = footprint(x + dx, y + dy, 0.0, w, label_size);
            if space.free(&circles) {
                let label = Label {
                    text: name.to_owned(),
                    kind,
                    x: x + dx,
                    y: y + dy,
                    angle: 0.0,
                    size: label_size,
                };
                accept(space, label, circles);
                written.push((name, (x, y)));
                break;
            }
        }
    }

    // Main roads first, longer streets before shorter; each name where its street is
    // straightest for longest, and a long street again far from its first name.
    let total = |s: &Street| -> f64 {
        s.lines
            .iter()
            .flat_map(|l| l.windows(2))
            .map(|w| (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1))
            .sum()
    };
    streets.sort_by(|a, b| {
        b.major
            .cmp(&a.major)
            .then(total(b).total_cmp(&total(a)))
            .then(a.name.cmp(b.name))
    });
    for street in streets {
        let w = text_width(street.name, size, false);
        let mut runs: Vec<(Point, Point, f64)> = join(street.lines, size * 0.1)
            .iter()
            .flat_map(|l| straight_runs(l))
            .filter(|(_, _, length)| *length >= w + size)
            .collect();
        runs.sort_by(|a, b| b.2.total_cmp(&a.2));
        let mut mine: Vec<Point> = Vec::new();
        // Along each stretch: its middle first, then further out on both sides.
        let spots = runs.into_iter().take(12).flat_map(|(a, b, _)| {
            let chord = (b.0 - a.0).hypot(b.1 - a.1);
            let slack = ((chord - w) / 2.0).max(0.0);
            let step = w / 4.0;
            let steps = ((slack / step).floor() as i32).min(16);
            let angle = upright(a, b);
            (0..=2 * steps).map(move |i| {
                let shift = f64::from((i + 1) / 2) * step * if i % 2 == 0 { 1.0 } else { -1.0 };
                let t = (chord / 2.0 + shift) / chord.max(1e-9);
                (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t, angle)
            })
        });
        for (x, y, angle) in spots {
            if mine.iter().any(|p| (p.0 - x).hypot(p.1 - y) < w * 6.0) {
                continue;
            }
            let circles = footprint(x, y, angle, w, size);
            if space.free(&circles) {
                let kind = if street.major {
                    LabelKind::MajorStreet
                } else {
                    LabelKind::MinorStreet
                };
                let label = Label {
                    text: street.name.to_owned(),
                    kind,
                    x,
                    y,
                    angle,
                    size,
                };
                accept(space, label, circles);
                mine.push((x, y));
            }
        }
    }
    placed
}

/// Whether two placed names cover each other (for tests, with the same footprint placement
/// uses).
#[cfg(test)]
pub(crate) fn overlap(a: &Label, b: &Label) -> bool {
    let fa = footprint(
        a.x,
        a.y,
        a.angle,
        text_width(&a.text, a.size, a.kind == LabelKind::Place),
        a.size,
    );
    let fb = footprint(
        b.x,
        b.y,
        b.angle,
        text_width(&b.text, b.size, b.kind == LabelKind::Place),
        b.size,
    );
    fa.iter().any(|&(x, y, r)| {
        fb.iter()
            .any(|&(u, v, s)| (x - u).hypot(y - v) < (r + s) * 0.99)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_of_a_street_are_joined_whichever_way_they_run() {
        let pieces = vec![
            vec![(10.0, 0.0), (20.0, 0.0)],
            vec![(0.0, 0.0), (10.0, 0.0)],
            vec![(30.0, 0.0), (20.0, 0.0)],
        ];
        let joined = join(pieces, 0.01);
        assert_eq!(joined.len(), 1);
        let line = &joined[0];
        let xs: Vec<f64> = line.iter().map(|p| p.0).collect();
        assert!(
            xs == [0.0, 10.0, 20.0, 30.0] || xs == [30.0, 20.0, 10.0, 0.0],
            "{xs:?}"
        );
    }

    #[test]
    fn a_bend_ends_a_straight_stretch() {
        let runs = straight_runs(&[(0.0, 0.0), (10.0, 0.0), (20.0, 1.0), (20.0, 30.0)]);
        assert_eq!(runs.len(), 2);
        assert!((runs[0].2 - 20.05).abs() < 0.1, "{runs:?}");
        assert!((runs[1].2 - 29.0).abs() < 0.1, "{runs:?}");
    }

    #[test]
    fn text_is_never_upside_down() {
        assert_eq!(upright((10.0, 0.0), (0.0, 0.0)), 0.0);
        // Up a vertical street, read from the bottom up, as maps do.
        assert!((upright((0.0, 10.0), (0.0, 0.0)) + 90.0).abs() < 1e-9);
        assert!((upright((0.0, 0.0), (0.0, 10.0)) - 90.0).abs() < 1e-9);
        assert!((upright((0.0, 0.0), (10.0, 10.0)) - 45.0).abs() < 1e-9);
    }

    #[test]
    fn names_keep_clear_of_markers_and_of_each_other() {
        let mut space = Space::new(200.0, 200.0, 10.0);
        // A marker right on the place's point: the name goes beside it.
        space.take(Obstacle::Circle {
            x: 100.0,
            y: 100.0,
            r: 6.0,
        });
        let streets = vec![
            Street {
                name: "Mannerheimintie",
                major: true,
                lines: vec![vec![(0.0, 104.0), (200.0, 104.0)]],
            },
            Street {
                name: "Kaisaniemenkatu",
                major: false,
                lines: vec![vec![(0.0, 106.0), (200.0, 106.0)]],
            },
        ];
        let labels = place(
            &mut space,
            &[(LabelKind::Place, "Kluuvi", (100.0, 100.0))],
            streets,
            8.0,
        );
        let kluuvi = labels.iter().find(|l| l.text == "Kluuvi").unwrap();
        assert!(
            (kluuvi.x, kluuvi.y) != (100.0, 100.0),
            "moved off the marker"
        );
        for (i, a) in labels.iter().enumerate() {
            for b in &labels[i + 1..] {
                assert!(!overlap(a, b), "{a:?} covers {b:?}");
            }
        }
        // Both streets are named, each beside the other rather than on top of it.
        assert!(labels.iter().any(|l| l.text == "Mannerheimintie"));
        assert!(labels.iter().any(|l| l.text == "Kaisaniemenkatu"));
    }
}
