//! The sea, from OpenStreetMap's coastline. The sea is not an area in OpenStreetMap: it is
//! what lies on the right of the `natural=coastline` ways (land on their left). Inside the
//! map's frame the coastline is cut into pieces that enter and leave through the frame's
//! edge; the sea is closed by walking the edge clockwise from where one piece leaves to where
//! the next one enters. Islands (closed coastline rings, land inside) become holes.

use geo::{BooleanOps, LineString, MultiPolygon, Polygon, Winding};

/// Coastline lines joined end to end where one's last point is another's first (ways of one
/// coast share their end nodes, so the points are equal).
fn chain(mut lines: Vec<Vec<(f64, f64)>>) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    while let Some(mut line) = lines.pop() {
        loop {
            let last = line[line.len() - 1];
            let first = line[0];
            if let Some(i) = lines.iter().position(|l| l[0] == last) {
                let next = lines.swap_remove(i);
                line.extend(next.into_iter().skip(1));
            } else if let Some(i) = lines.iter().position(|l| l[l.len() - 1] == first) {
                let mut before = lines.swap_remove(i);
                before.extend(line.into_iter().skip(1));
                line = before;
            } else {
                break;
            }
        }
        out.push(line);
    }
    out
}

/// Where the segment `a`–`b` is inside `0..=w` × `0..=h` (Liang–Barsky), as fractions of it.
fn clip_segment(a: (f64, f64), b: (f64, f64), w: f64, h: f64) -> Option<(f64, f64)> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (p, q) in [(-dx, a.0), (dx, w - a.0), (-dy, a.1), (dy, h - a.1)] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    (t0 <= t1).then_some((t0, t1))
}

/// The parts of `line` inside the frame, in the line's direction.
fn clip(line: &[(f64, f64)], w: f64, h: f64) -> Vec<Vec<(f64, f64)>> {
    let at = |a: (f64, f64), b: (f64, f64), t: f64| (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
    let mut pieces: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    for s in line.windows(2) {
        let (a, b) = (s[0], s[1]);
        match clip_segment(a, b, w, h) {
            // A point of touching only, nothing of the segment inside.
            Some((t0, t1)) if t0 >= t1 => {}
            Some((t0, t1)) => {
                // The line's own points where they are inside, exactly: the next segment
                // must start where this one ended.
                let p = if t0 == 0.0 { a } else { at(a, b, t0) };
                let q = if t1 == 1.0 { b } else { at(a, b, t1) };
                if current.last() != Some(&p) {
                    if current.len() > 1 {
                        pieces.push(std::mem::take(&mut current));
                    }
                    current = vec![p];
                }
                current.push(q);
                if t1 < 1.0 {
                    pieces.push(std::mem::take(&mut current));
                }
            }
            None => {
                if current.len() > 1 {
                    pieces.push(std::mem::take(&mut current));
                }
                current.clear();
            }
        }
    }
    if current.len() > 1 {
        pieces.push(current);
    }
    pieces
}

/// Where `p` on the frame's edge is, as the distance walked clockwise (in a frame with y
/// up) from the top-left corner; `None` when it is farther than `eps` from the edge.
fn along_edge(p: (f64, f64), w: f64, h: f64, eps: f64) -> Option<f64> {
    let eps = eps.max((w + h) * 1e-9);
    let (x, y) = p;
    if (y - h).abs() <= eps {
        Some(x)
    } else if (x - w).abs() <= eps {
        Some(w + (h - y))
    } else if y.abs() <= eps {
        Some(w + h + (w - x))
    } else if x.abs() <= eps {
        Some(2.0 * w + h + y)
    } else {
        None
    }
}

/// The frame's corners met walking clockwise from `from` to `to` (distances along the edge).
fn corners_between(from: f64, to: f64, w: f64, h: f64) -> Vec<(f64, f64)> {
    let perimeter = 2.0 * (w + h);
    let corners = [
        (w, (w, h)),
        (w + h, (w, 0.0)),
        (2.0 * w + h, (0.0, 0.0)),
        (perimeter, (0.0, h)),
    ];
    let span = (to - from).rem_euclid(perimeter);
    let mut out = Vec::new();
    for lap in [0.0, perimeter] {
        for (d, c) in corners {
            let ahead = d + lap - from;
            if ahead > 0.0 && ahead < span {
                out.push((ahead, c));
            }
        }
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out.into_iter().map(|(_, c)| c).collect()
}

/// The sea inside the rectangle `(x0, y0, x1, y1)` (metres, y north) from the coastline's
/// lines; a piece ending within `eps` of the rectangle's edge ends on it. `None` when there
/// is no coastline in the rectangle, or none that crosses it (pieces that end inside, cut off
/// by the extract, are left out).
pub fn sea(
    lines: Vec<Vec<(f64, f64)>>,
    (x0, y0, x1, y1): (f64, f64, f64, f64),
    eps: f64,
) -> Option<MultiPolygon<f64>> {
    let (w, h) = (x1 - x0, y1 - y0);
    let lines = lines
        .into_iter()
        .filter(|l| l.len() > 1)
        .map(|l| l.into_iter().map(|(x, y)| (x - x0, y - y0)).collect())
        .collect();
    let water = sea_in(lines, w, h, eps)?;
    Some(geo::MapCoords::map_coords(
        &water,
        |c| geo::coord! { x: c.x + x0, y: c.y + y0 },
    ))
}

fn sea_in(lines: Vec<Vec<(f64, f64)>>, w: f64, h: f64, eps: f64) -> Option<MultiPolygon<f64>> {
    let chains = chain(lines);
    let mut islands: Vec<Polygon<f64>> = Vec::new();
    let mut pieces: Vec<Vec<(f64, f64)>> = Vec::new();
    for c in chains {
        if c.len() > 3 && c[0] == c[c.len() - 1] {
            let mut ring = LineString::from(c);
            // Land on the left: an island runs counter-clockwise; made so if drawn otherwise.
            ring.make_ccw_winding();
            islands.push(Polygon::new(ring, vec![]));
        } else {
            pieces.extend(clip(&c, w, h));
        }
    }
    let frame = || {
        Polygon::new(
            LineString::from(vec![(0.0, 0.0), (w, 0.0), (w, h), (0.0, h), (0.0, 0.0)]),
            vec![],
        )
    };
    // A piece that ends inside the frame was cut off by the extract: where its sea lies is
    // not known, so it is left out, and the sea is closed from the pieces that cross the
    // frame (no pieces left: no sea).
    let cut = pieces.len();
    pieces.retain(|p| {
        along_edge(p[0], w, h, eps).is_some() && along_edge(p[p.len() - 1], w, h, eps).is_some()
    });
    if pieces.is_empty() && cut > 0 {
        return None;
    }
    let mut water: MultiPolygon<f64> = if pieces.is_empty() {
        if islands.is_empty() {
            return None;
        }
        // Only islands: the frame is at sea.
        MultiPolygon::new(vec![frame()])
    } else {
        let mut ends: Vec<(f64, f64)> = Vec::new();
        for p in &pieces {
            ends.push((
                along_edge(p[0], w, h, eps).expect("kept on the edge"),
                along_edge(p[p.len() - 1], w, h, eps).expect("kept on the edge"),
            ));
        }
        let perimeter = 2.0 * (w + h);
        let mut used = vec![false; pieces.len()];
        let mut polygons = Vec::new();
        while let Some(start) = used.iter().position(|u| !u) {
            let mut ring: Vec<(f64, f64)> = Vec::new();
            let mut i = start;
            loop {
                used[i] = true;
                ring.extend(pieces[i].iter().copied());
                // From where this piece leaves, clockwise to the nearest entry.
                let leave = ends[i].1;
                let next = (0..pieces.len())
                    .filter(|&n| n == start || !used[n])
                    .min_by(|&a, &b| {
                        let da = (ends[a].0 - leave).rem_euclid(perimeter);
                        let db = (ends[b].0 - leave).rem_euclid(perimeter);
                        da.total_cmp(&db)
                    })
                    .expect("at least the first piece");
                ring.extend(corners_between(leave, ends[next].0, w, h));
                if next == start || used[next] {
                    break;
                }
                i = next;
            }
            ring.push(ring[0]);
            polygons.push(Polygon::new(LineString::from(ring), vec![]));
        }
        MultiPolygon::new(polygons)
    };
    if !islands.is_empty() {
        water = water.difference(&MultiPolygon::new(islands));
    }
    (!water.0.is_empty()).then_some(water)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Area;

    #[test]
    fn the_sea_is_on_the_right_of_the_coastline() {
        // A coast running east across the middle of a 100 × 100 frame, in two ways: the
        // sea is the southern half.
        let lines = vec![
            vec![(50.0, 50.0), (150.0, 50.0)],
            vec![(-50.0, 50.0), (50.0, 50.0)],
        ];
        let sea = sea(lines, (0.0, 0.0, 100.0, 100.0), 0.0).unwrap();
        assert!((sea.unsigned_area() - 5000.0).abs() < 1e-6, "{sea:?}");
        assert!(geo::Contains::contains(&sea, &geo::Point::new(50.0, 10.0)));
        // Running west, the coast has the sea to the north.
        let sea = super::sea(
            vec![vec![(150.0, 30.0), (-50.0, 30.0)]],
            (0.0, 0.0, 100.0, 100.0),
            0.0,
        )
        .unwrap();
        assert!((sea.unsigned_area() - 7000.0).abs() < 1e-6, "{sea:?}");
    }

    #[test]
    fn a_bay_and_an_island() {
        // A bay cut into the land from the south edge, and an island in the frame.
        let coast = vec![(30.0, -10.0), (30.0, 60.0), (70.0, 60.0), (70.0, -10.0)];
        // Walking north up the west side of the bay, the sea (the bay) is on the right.
        let island = vec![
            (40.0, 20.0),
            (60.0, 20.0),
            (60.0, 30.0),
            (40.0, 30.0),
            (40.0, 20.0),
        ];
        let sea = sea(vec![coast, island], (-20.0, 0.0, 100.0, 100.0), 0.0).unwrap();
        let bay_and_island = sea.unsigned_area();
        let sea = super::sea(
            vec![
                vec![(30.0, -10.0), (30.0, 60.0), (70.0, 60.0), (70.0, -10.0)],
                vec![
                    (40.0, 20.0),
                    (60.0, 20.0),
                    (60.0, 30.0),
                    (40.0, 30.0),
                    (40.0, 20.0),
                ],
            ],
            (0.0, 0.0, 100.0, 100.0),
            0.0,
        )
        .unwrap();
        assert!(
            (bay_and_island - sea.unsigned_area()).abs() < 1e-6,
            "a frame not at the origin"
        );
        let bay = 40.0 * 60.0;
        assert!(
            (sea.unsigned_area() - (bay - 200.0)).abs() < 1e-6,
            "{sea:?}"
        );
        assert!(
            !geo::Contains::contains(&sea, &geo::Point::new(50.0, 25.0)),
            "the island is land"
        );
    }

    #[test]
    fn a_coast_with_fractional_points_stays_one_line() {
        // a + (b - a) need not be b exactly: the coast was once cut at such a point.
        let coast = vec![
            (-10.0, 50.3),
            (12.345_678, 51.1),
            (123.456, 510.77),
            (33.3, 40.7),
            (0.1 + 0.2, 37.9),
            (66.6, 37.1),
            (110.0, 36.0),
        ];
        let sea = sea(vec![coast], (0.0, 0.0, 100.0, 100.0), 0.0);
        assert!(sea.is_some(), "the sea is closed");
    }

    #[test]
    fn a_piece_cut_off_by_the_extract_does_not_lose_the_rest_of_the_sea() {
        let frame = (0.0, 0.0, 100.0, 100.0);
        let whole = vec![(-10.0, 50.0), (110.0, 50.0)];
        let cut = vec![(20.0, 20.0), (30.0, 25.0)];
        let sea = sea(vec![whole, cut], frame, 1.0).unwrap();
        assert!(
            (geo::Area::unsigned_area(&sea) - 5000.0).abs() < 1e-6,
            "{sea:?}"
        );
    }

    #[test]
    fn a_coast_that_ends_inside_the_frame_is_left_out() {
        let frame = (0.0, 0.0, 100.0, 100.0);
        assert!(sea(vec![vec![(-10.0, 50.0), (50.0, 50.0)]], frame, 1.0).is_none());
        assert!(sea(vec![], frame, 1.0).is_none());
        // Within the tolerance of the edge, it ends on the edge.
        let sea = sea(vec![vec![(-10.0, 50.0), (99.5, 50.0)]], frame, 1.0).unwrap();
        assert!(
            (geo::Area::unsigned_area(&sea) - 5000.0).abs() < 60.0,
            "{sea:?}"
        );
    }
}
